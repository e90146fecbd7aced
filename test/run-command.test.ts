/**
 * Running a command on a case (src/services/cases/run-command.ts), rule by rule, on a small
 * fictional partnership written straight into the database DATABASE_URL names, with the service
 * called directly: raising is not a command on a case; a case the person may not see is not
 * found; a case whose details were removed cannot change; a command given on a version the case
 * has moved past is a conflict (409) naming the version now, also when another command commits
 * between this one's read and its update; the people a command names are checked against the
 * directory (test/run-command-writes.test.ts: what is written with a command). The API tests
 * show the same through HTTP; these are fast enough for `npm run mutate`.
 */
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseCommand } from '../src/domain/case/commands.js';
import {
  CaseNotFound,
  InvalidRequest,
  runCommand,
  VersionConflict,
} from '../src/services/cases/index.js';
import { createSmallPartnership, type SmallPartnership } from './support/small-partnership.js';

let p: SmallPartnership;
const escalate = { type: 'escalate', reason: 'No answer (fictional).' } as const;

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

/** The case's version and number of events: unchanged by a refused command. */
const written = async (caseId: string) => ({
  version: (
    await p.db
      .selectFrom('cases')
      .select('version')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow()
  ).version,
  events: (await p.db.selectFrom('events').select('seq').where('case_id', '=', caseId).execute())
    .length,
});

beforeAll(async () => {
  p = await createSmallPartnership('2026-11-02T09:30:00.000Z');
});
afterAll(async () => p.close());

describe('what is refused before the engine decides', () => {
  it('raising is not a command on a case', async () => {
    const raised = await p.raise();
    const raise = CaseCommand.parse({
      type: 'raise',
      category: 'other',
      children: [{ name: 'Child F (fictional)' }],
      agencies: ['csc'],
      disagreement: 'x',
      evidence: { nature: 'x', source: 'x' },
      actionsToDate: 'x',
      outcomeSought: 'x',
      immediateRisk: false,
    });
    const error = await failure(
      runCommand(p.deps, await p.actor('s-worker'), raised.id, raise, 'api'),
    );
    expect(error).toEqual(new InvalidRequest('Raise a new case with POST /api/v1/cases.'));
  });

  it('a case the person may not see is not found, and nothing is written', async () => {
    const raised = await p.raise();
    const before = await written(raised.id);
    for (const who of ['s-worker-2', 'p2-worker']) {
      expect(await failure(p.run(raised.id, who, escalate))).toBeInstanceOf(CaseNotFound);
    }
    expect(await written(raised.id)).toEqual(before);
  });

  it('a case whose personal details were removed can no longer be changed', async () => {
    const raised = await p.raise();
    await p.db
      .updateTable('cases')
      .set({ redacted_at: '2026-11-02T10:00:00.000Z' })
      .where('id', '=', raised.id)
      .execute();
    const error = await failure(p.run(raised.id, 's-worker', escalate));
    expect(error).toBeInstanceOf(InvalidRequest);
    expect((error as Error).message).toBe(
      "This case's personal details have been removed (under the retention rule, or on request), so it can no longer be changed.",
    );
  });
});

describe('optimistic concurrency', () => {
  it('a command given on the version the case is at is run; on an older one it is a conflict naming the version now, and nothing is written', async () => {
    const raised = await p.raise();
    const stale = await failure(
      p.run(raised.id, 's-worker', { ...escalate, expectedVersion: raised.version - 1 }),
    );
    expect(stale).toBeInstanceOf(VersionConflict);
    expect((stale as VersionConflict).currentVersion).toBe(raised.version);
    expect(await written(raised.id)).toEqual({
      version: raised.version,
      events: raised.version,
    });
    const run = await p.run(raised.id, 's-worker', {
      ...escalate,
      expectedVersion: raised.version,
    });
    expect(run.stage.number).toBe(2);
    expect(run.version).toBeGreaterThan(raised.version);
  });

  it('a command given with no version is run on the version it reads', async () => {
    const raised = await p.raise();
    expect((await p.run(raised.id, 's-worker', escalate)).stage.number).toBe(2);
  });

  it('when another command commits between this one’s read and its update, it is a conflict naming the version now, not a refusal, and nothing is written', async () => {
    const raised = await p.raise();
    const withdrawn = await p.run(raised.id, 's-worker', {
      type: 'withdraw',
      reason: 'Agreed (fictional).',
    });
    // this command read the case as it was before the withdrawal committed: a withdrawal is
    // still possible at that version (a second one, at the version now, would be refused)
    const readBefore: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        const [row] = args.result.rows as Record<string, unknown>[];
        return row && 'redacted_at' in row && row.id === raised.id
          ? { ...args.result, rows: [{ ...row, version: raised.version }] }
          : args.result;
      },
    };
    const error = await failure(
      runCommand(
        { ...p.deps, db: p.db.withPlugin(readBefore) },
        await p.actor('s-worker'),
        raised.id,
        CaseCommand.parse({ type: 'withdraw', reason: 'Agreed again (fictional).' }),
        'api',
      ),
    );
    expect(error).toBeInstanceOf(VersionConflict);
    expect((error as VersionConflict).currentVersion).toBe(withdrawn.version);
    expect(await written(raised.id)).toEqual({
      version: withdrawn.version,
      events: withdrawn.version,
    });
  });
});

describe('the people a command names', () => {
  it('someone the directory refuses is an invalid request naming the field, and nothing is written', async () => {
    const raised = await p.raise();
    const before = await written(raised.id);
    const error = await failure(
      p.run(raised.id, 's-worker', {
        type: 'record-consultation',
        with: { personId: 'c-manager', role: 'manager' },
        summary: 'Talked it through (fictional).',
      }),
    );
    // an invalid request (the API answers 422 naming the field), not the directory’s own refusal
    expect(error).toBeInstanceOf(InvalidRequest);
    expect(error).toEqual(
      new InvalidRequest('Select the person you consulted from your own agency.', 'with.personId'),
    );
    expect((error as InvalidRequest).field).toBe('with.personId');
    expect(await written(raised.id)).toEqual(before);
  });

  it('a failure looking them up is passed on as it is, not taken for a refusal', async () => {
    const raised = await p.raise();
    const broken = new Error('the directory could not be read (fictional)');
    const failing: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        const [row] = args.result.rows as Record<string, unknown>[];
        if (row && 'on_executive' in row && 'role' in row) throw broken;
        return args.result;
      },
    };
    const error = await failure(
      runCommand(
        { ...p.deps, db: p.db.withPlugin(failing) },
        await p.actor('s-worker'),
        raised.id,
        CaseCommand.parse({
          type: 'record-consultation',
          with: { personId: 's-dsl', role: 'dsl' },
          summary: 'Talked it through (fictional).',
        }),
        'api',
      ),
    );
    expect(error).toBe(broken);
  });

  it('the person consulted takes part in the case from then on, with the directory’s role', async () => {
    const raised = await p.raise();
    const consulted = await p.run(raised.id, 's-worker', {
      type: 'record-consultation',
      with: { personId: 's-dsl', role: 'chair' },
      summary: 'Talked it through (fictional).',
    });
    expect(consulted.record.at(-1)).toMatchObject({
      type: 'consultation-recorded',
      with: { personId: 's-dsl', role: 'dsl', agencyId: 'school' },
    });
    const participants = await p.db
      .selectFrom('case_participants')
      .select('person_id')
      .where('case_id', '=', raised.id)
      .execute();
    expect(participants.map((r) => r.person_id)).toContain('s-dsl');
  });
});
