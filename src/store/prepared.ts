/**
 * A query that Kysely builds and compiles once per database, then runs with new values.
 *
 * Building a query with Kysely and compiling it to SQL costs more CPU than SQLite takes to run a
 * look-up by key (bench/RESULTS.md, session 3): on the case read, which every page and API call
 * makes several of, that was a fifth of the server's time. So the hot queries are written once
 * as ordinary Kysely code with named parameters; the first run on a database compiles them with a
 * marker in each parameter's place, and every run after that puts the values where the markers
 * were. A list parameter (`in (...)`) compiles once per length.
 *
 * Only plain values can be parameters (strings, numbers, null, and lists of them): each must
 * reach the SQL as one bound parameter, unchanged. A parameter that does not (used twice is fine,
 * used nowhere or folded into the SQL text is not) is refused when the query is first compiled.
 */
import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './database.js';

type Value = string | number | null;
type Params = Record<string, Value | readonly Value[]>;

const MARK = '\u0000escalate-param\u0000';

interface Slot {
  name: string;
  /** the position within a list parameter */
  index?: number;
}

interface Compiled {
  query: CompiledQuery;
  /** for each bound parameter: the named parameter it comes from, or none (a constant) */
  slots: (Slot | undefined)[];
}

function markers<P extends Params>(shape: P): P {
  const marked: Params = {};
  for (const [name, value] of Object.entries(shape)) {
    marked[name] = Array.isArray(value)
      ? value.map((_, index) => `${MARK}${name}\u0000${index}`)
      : `${MARK}${name}`;
  }
  return marked as P;
}

function slotOf(value: unknown): Slot | undefined {
  if (typeof value !== 'string' || !value.startsWith(MARK)) return undefined;
  const [name = '', index] = value.slice(MARK.length).split('\u0000');
  return index === undefined ? { name } : { name, index: Number(index) };
}

export interface PreparedQuery<P extends Params, R> {
  /** every row */
  execute(db: Db, params: P): Promise<R[]>;
  /** the first row, if any */
  first(db: Db, params: P): Promise<R | undefined>;
}

export function prepared<P extends Params, R>(
  build: (db: Db, params: P) => Compilable<R>,
): PreparedQuery<P, R> {
  // per database (SQLite and PostgreSQL compile differently); a transaction is a database of its
  // own here, so a query inside one is compiled for it (still correct, just not reused)
  const byDb = new WeakMap<Db, Map<string, Compiled>>();

  function compiledFor(db: Db, params: P): Compiled {
    let forDb = byDb.get(db);
    if (!forDb) {
      forDb = new Map();
      byDb.set(db, forDb);
    }
    // list parameters compile to as many placeholders as they have values
    const key = Object.values(params)
      .map((v) => (Array.isArray(v) ? v.length : '.'))
      .join(',');
    let compiled = forDb.get(key);
    if (!compiled) {
      const query = build(db, markers(params)).compile();
      const slots = query.parameters.map(slotOf);
      const used = new Set(slots.map((s) => s && `${s.name}/${s.index ?? ''}`));
      for (const [name, value] of Object.entries(params)) {
        const wanted = Array.isArray(value) ? value.map((_, i) => `${name}/${i}`) : [`${name}/`];
        if (!wanted.every((w) => used.has(w))) {
          throw new Error(`prepared query: parameter "${name}" is not bound as a value`);
        }
      }
      if (query.sql.includes(MARK)) {
        throw new Error('prepared query: a parameter was written into the SQL text');
      }
      compiled = { query, slots };
      forDb.set(key, compiled);
    }
    return compiled;
  }

  async function execute(db: Db, params: P): Promise<R[]> {
    const { query, slots } = compiledFor(db, params);
    const parameters = query.parameters.map((constant, i) => {
      const slot = slots[i];
      if (!slot) return constant;
      const value = params[slot.name];
      return slot.index === undefined ? value : (value as readonly Value[])[slot.index];
    });
    const result = await db.executeQuery<R>({ ...query, parameters } as CompiledQuery<R>);
    return result.rows;
  }

  return {
    execute,
    first: async (db, params) => (await execute(db, params))[0],
  };
}
