/**
 * What must hold after any crash: every acknowledged command is in the record (read from the
 * events table and through the API), no half-command is visible (each case's version equals
 * its number of events, which run 1..n, starting raised, stage-entered), and the hash chains
 * verify with the real `escalate audit verify`.
 */
import { openStore } from '../../../src/store/database.js';
import type { TestDatabase } from '../../support/database.js';
import { escalate } from '../../support/process.js';
import type { Raiser } from './harness.js';
import { type Ack, api, type RecordEntry } from './load.js';

export interface Check {
  problems: string[];
  cases: number;
  events: number;
  acksChecked: number;
}

const entry = (e: RecordEntry) => `${e.seq}:${e.type}:${e.at}:${e.by}`;

function missingFrom(ack: Ack, held: RecordEntry[]): string | undefined {
  for (const acked of ack.record) {
    const found = held.find((e) => e.seq === acked.seq);
    if (!found || entry(found) !== entry(acked))
      return `case ${ack.caseId}: acknowledged event ${entry(acked)} is ${found ? `now ${entry(found)}` : 'missing'}`;
  }
  return undefined;
}

/** Checks the database directly: no half-commands, and every acknowledgement is held. */
export async function checkDatabase(database: TestDatabase, acks: Ack[]): Promise<Check> {
  const store = openStore(database.config);
  const problems: string[] = [];
  try {
    const cases = await store.db.selectFrom('cases').select(['id', 'version']).execute();
    const rows = await store.db
      .selectFrom('events')
      .select(['case_id', 'seq', 'type', 'at', 'by_person_id'])
      .orderBy('case_id')
      .orderBy('seq')
      .execute();
    const byCase = new Map<string, RecordEntry[]>();
    for (const r of rows) {
      const list = byCase.get(r.case_id) ?? [];
      list.push({ seq: r.seq, type: r.type, at: r.at, by: r.by_person_id });
      byCase.set(r.case_id, list);
    }
    for (const c of cases) {
      const events = byCase.get(c.id) ?? [];
      if (events.length !== c.version)
        problems.push(`case ${c.id}: version ${c.version} but ${events.length} events`);
      if (events.some((e, i) => e.seq !== i + 1)) problems.push(`case ${c.id}: seq has gaps`);
      if (events[0]?.type !== 'raised' || events[1]?.type !== 'stage-entered')
        problems.push(`case ${c.id}: does not start raised, stage-entered`);
    }
    if (byCase.size !== cases.length) problems.push('events exist for a case that does not');
    for (const ack of acks) {
      const problem = missingFrom(ack, byCase.get(ack.caseId) ?? []);
      if (problem) problems.push(problem);
    }
    return { problems, cases: cases.length, events: rows.length, acksChecked: acks.length };
  } finally {
    await store.close();
  }
}

/** Reads every acknowledged case through the API: it answers at least the acknowledged record. */
export async function checkApi(base: string, raisers: Raiser[], acks: Ack[]): Promise<string[]> {
  const latest = new Map<string, Ack>();
  for (const ack of acks) {
    const known = latest.get(ack.caseId);
    if (!known || known.version < ack.version) latest.set(ack.caseId, ack);
  }
  const problems: string[] = [];
  const token = raisers[0]?.token as string;
  const tokens = new Map(raisers.map((r) => [r.token, r]));
  const ids = [...latest.keys()];
  // a few at a time, as a person's browser would, not all at once
  for (let i = 0; i < ids.length; i += 10) {
    await Promise.all(
      ids.slice(i, i + 10).map(async (id) => {
        const ack = latest.get(id) as Ack;
        // the raiser may see the case; try each token until one can
        let answer = await api(base, token, 'GET', `/api/v1/cases/${id}`);
        for (const other of tokens.keys()) {
          if (answer.status !== 404) break;
          answer = await api(base, other, 'GET', `/api/v1/cases/${id}`);
        }
        if (answer.status !== 200) {
          problems.push(`GET case ${id}: ${answer.status}`);
          return;
        }
        const record = answer.body.record as RecordEntry[];
        if ((answer.body.version as number) < ack.version)
          problems.push(`case ${id}: version ${answer.body.version} < acknowledged ${ack.version}`);
        const problem = missingFrom(ack, record);
        if (problem) problems.push(`API: ${problem}`);
      }),
    );
  }
  return problems;
}

/** `escalate audit verify` as an operator runs it. */
export async function auditVerify(database: TestDatabase) {
  return escalate(['audit', 'verify'], { DATABASE_URL: database.url });
}
