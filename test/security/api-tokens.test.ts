/**
 * API tokens (ASVS V3.5): shown once, kept only as a hash, listed without the token itself, and
 * revoked at once, one by one or all of a person's, from the command line's service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createToken,
  listTokens,
  revokeTokens,
  UnknownPersonError,
  UnknownTokenError,
} from '../../src/services/tokens.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const read = (token: string) =>
  t.app.inject({ url: '/api/v1/cases', headers: { authorization: `Bearer ${token}` } });

describe('API tokens', () => {
  it('are kept only as a hash and listed without the token', async () => {
    const person = t.person('manager', 'Elm Road');
    const token = await createToken(t.store.db, person.email, '2026-11-02T09:00:00.000Z');
    const rows = await t.store.db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    const listed = await listTokens(t.store.db, person.email);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ createdAt: '2026-11-02T09:00:00.000Z', revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(token);
  });

  it('stop working the moment they are revoked, by id or all of a person’s', async () => {
    const person = t.person('frontline', 'Acorn Lane');
    const other = t.person('dsl', 'Acorn Lane');
    const first = await createToken(t.store.db, person.email, '2026-11-02T09:00:00.000Z');
    const second = await createToken(t.store.db, person.email, '2026-11-02T09:01:00.000Z');
    const theirs = await createToken(t.store.db, other.email, '2026-11-02T09:02:00.000Z');
    for (const token of [first, second, theirs]) expect((await read(token)).statusCode).toBe(200);

    const [newest] = await listTokens(t.store.db, person.email);
    const at = '2026-11-02T10:00:00.000Z';
    expect(await revokeTokens(t.store.db, { id: newest?.id as string }, at)).toBe(1);
    expect((await read(second)).statusCode).toBe(401);
    expect((await read(first)).statusCode).toBe(200);
    // revoking again changes nothing
    expect(await revokeTokens(t.store.db, { id: newest?.id as string }, at)).toBe(0);

    expect(await revokeTokens(t.store.db, { email: person.email }, at)).toBe(1);
    expect((await read(first)).statusCode).toBe(401);
    expect((await read(theirs)).statusCode).toBe(200); // someone else's is untouched
    const listed = await listTokens(t.store.db, person.email);
    expect(listed.map((x) => x.revokedAt)).toEqual([at, at]);
  });

  it('refuse an unknown person or token with a clear message, changing nothing', async () => {
    const before = await t.store.db.selectFrom('api_tokens').selectAll().execute();
    await expect(listTokens(t.store.db, 'nobody@nowhere.example')).rejects.toThrow(
      UnknownPersonError,
    );
    await expect(
      revokeTokens(t.store.db, { id: crypto.randomUUID() }, '2026-11-02T10:00:00.000Z'),
    ).rejects.toThrow(UnknownTokenError);
    await expect(
      revokeTokens(t.store.db, { email: 'nobody@nowhere.example' }, '2026-11-02T10:00:00.000Z'),
    ).rejects.toThrow(/nobody has the e-mail/);
    expect(await t.store.db.selectFrom('api_tokens').selectAll().execute()).toEqual(before);
  });
});
