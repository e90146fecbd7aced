import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type SerializerFactory = ReturnType<typeof SerializerSelector>;

const fastJsonStringify = SerializerSelector();

/**
 * Fastify's own serializers (fast-json-stringify, compiled from each API answer's schema, ADR
 * 0027), each compiled the first time its answer is sent rather than all of them at start-up:
 * compiling every answer's schema was about a tenth of the server's start (bench/RESULTS.md,
 * "Session 21"), and of every test that builds the app. What is sent is unchanged: the same
 * compiler, given the same schemas and options, just later. A schema fast-json-stringify cannot
 * compile would fail its route's first answer rather than the start, but not unseen:
 * `apiDocument()` (`escalate openapi`, and the test that compares its document with the served
 * one) registers the same routes on a Fastify with its default compilers, which compile every
 * answer's schema when it is ready.
 */
export const lazySerializers: SerializerFactory = (externalSchemas, options) => {
  const compile = fastJsonStringify(externalSchemas, options);
  return (route) => {
    let serialize: ((doc: unknown) => string) | undefined;
    return (doc) => {
      serialize ??= compile(route);
      return serialize(doc);
    };
  };
};
