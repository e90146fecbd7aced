/**
 * Queries compiled once and run with new values (src/store/prepared.ts), on the database in use,
 * and the one-query access check built on them (src/services/access.ts), including a loop in the
 * line-management data, which must end rather than recurse for ever.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/domain/policy/schema.js';
import { maySeeCaseRow } from '../src/services/access.js';
import { actorById } from '../src/services/people.js';
import { prepared } from '../src/store/prepared.js';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('a prepared query', () => {
  it('is compiled once per database and shape, and answers for the values given', async () => {
    let builds = 0;
    const byEmail = prepared((db, p: { email: string }) => {
      builds++;
      return db.selectFrom('people').select(['id', 'email']).where('email', '=', p.email);
    });
    const [a, b] = t.people;
    if (!a || !b) throw new Error('the demo has people');
    expect((await byEmail.first(t.store.db, { email: a.email }))?.id).toBe(a.id);
    expect((await byEmail.first(t.store.db, { email: b.email }))?.id).toBe(b.id);
    expect(await byEmail.first(t.store.db, { email: 'nobody@example.test' })).toBeUndefined();
    expect(builds).toBe(1);
  });

  it('takes lists, compiling once per length, and keeps constants of the query', async () => {
    let builds = 0;
    const inList = prepared((db, p: { ids: string[]; role: Role }) => {
      builds++;
      return db
        .selectFrom('people')
        .select('id')
        .where('id', 'in', p.ids)
        .where('role', '=', p.role)
        .where('email', '!=', 'constant@example.test')
        .orderBy('id');
    });
    const frontline = t.people.filter((p) => p.role === 'frontline').map((p) => p.id);
    const [x, y, z] = frontline;
    if (!x || !y || !z) throw new Error('the demo has three frontline workers');
    const ids = async (list: string[], role: Role = 'frontline') =>
      (await inList.execute(t.store.db, { ids: list, role })).map((r) => r.id);
    expect(await ids([x, y])).toEqual([x, y].sort());
    expect(await ids([y, z])).toEqual([y, z].sort());
    expect(await ids([x, y, z])).toEqual([x, y, z].sort());
    expect(await ids([x, y], 'chair')).toEqual([]);
    expect(builds).toBe(2);
  });

  it('runs inside a transaction, on that transaction', async () => {
    const count = prepared((db, p: { name: string }) =>
      db
        .selectFrom('closure_days')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('reason', '=', p.name),
    );
    const partnership = await t.store.db
      .selectFrom('partnerships')
      .select('id')
      .executeTakeFirstOrThrow();
    const reason = `test ${randomUUID()}`;
    await t.store.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('closure_days')
          .values({
            partnership_id: partnership.id,
            date: '2031-01-02',
            reason,
            created_at: '2026-11-02T09:30:00.000Z',
          })
          .execute();
        expect(Number((await count.first(trx, { name: reason }))?.n)).toBe(1);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(Number((await count.first(t.store.db, { name: reason }))?.n)).toBe(0);
  });

  it('refuses a parameter that does not reach the SQL as a bound value', async () => {
    const unused = prepared((db, _p: { email: string }) => db.selectFrom('people').select('id'));
    await expect(unused.execute(t.store.db, { email: 'a@example.test' })).rejects.toThrow(
      /parameter "email" is not bound/,
    );
  });
});

describe('the one-query access check', () => {
  it('ends, and still answers, when the line-management data has a loop in it', async () => {
    const teacher = t.person('frontline', 'Hillcrest Primary School');
    const token = await t.token(teacher);
    const agency = t.people.find(
      (p) => p.partnership === teacher.partnership && p.agency?.sector === 'childrens-social-care',
    )?.agency;
    if (!agency) throw new Error('the demo has a CSC');
    const raised = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        children: [
          { name: 'Loop Test (fictional)', childProtectionPlan: false, lookedAfter: false },
        ],
        agencies: [agency.id],
        category: 'communication',
        disagreement: 'A fictional disagreement for a test.',
        evidence: { nature: 'Test', source: 'Test' },
        actionsToDate: 'None.',
        outcomeSought: 'None.',
        immediateRisk: false,
      },
    });
    expect(raised.statusCode).toBe(201);
    const caseRow = { id: raised.json().id as string, partnership_id: '' };
    const { db } = t.store;
    const manager = await db
      .selectFrom('people')
      .select(['line_manager_id'])
      .where('id', '=', teacher.id)
      .executeTakeFirstOrThrow();
    if (!manager.line_manager_id) throw new Error('the teacher has a line manager');
    // a loop: the teacher now also manages their own manager
    const outsider = t.people.find(
      (p) => p.role === 'frontline' && p.agency?.id !== teacher.agency?.id,
    );
    if (!outsider) throw new Error('the demo has another frontline worker');
    const before = await db
      .selectFrom('people')
      .select('line_manager_id')
      .where('id', '=', manager.line_manager_id)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('people')
      .set({ line_manager_id: teacher.id })
      .where('id', '=', manager.line_manager_id)
      .execute();
    try {
      const asTeacher = await actorById(db, teacher.id);
      const asManager = await actorById(db, manager.line_manager_id);
      const asOutsider = await actorById(db, outsider.id);
      if (!asTeacher || !asManager || !asOutsider) throw new Error('people exist');
      expect(await maySeeCaseRow(db, asTeacher, caseRow)).toBe(true);
      expect(await maySeeCaseRow(db, asManager, caseRow)).toBe(true);
      expect(await maySeeCaseRow(db, asOutsider, caseRow)).toBe(false);
    } finally {
      await db
        .updateTable('people')
        .set({ line_manager_id: before.line_manager_id })
        .where('id', '=', manager.line_manager_id)
        .execute();
    }
  });
});
