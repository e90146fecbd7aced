/**
 * A typed client for the Escalate API: the types are generated from the API's OpenAPI document
 * (`npm run api:client` at the repository's root writes openapi.json and schema.d.ts), the
 * calls are openapi-fetch's. Every path, parameter, body and answer is typed; an error comes
 * back as `error`, a Problem (RFC 9457).
 *
 *   const escalate = createEscalateClient('https://escalate.example.gov.uk', TOKEN);
 *   const { data, error } = await escalate.GET('/api/v1/cases/{id}', { params: { path: { id } } });
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, operations, paths } from './schema.js';
export type Problem = components['schemas']['Problem'];
export type Case = components['schemas']['Case'];
export type EscalateClient = Client<paths>;

/** A client for the service at `baseUrl`, calling as the holder of the API token. */
export function createEscalateClient(
  baseUrl: string,
  token: string,
  options: { fetch?: typeof fetch } = {},
): EscalateClient {
  return createClient<paths>({
    baseUrl,
    headers: { authorization: `Bearer ${token}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
