/**
 * Fills a database with a realistic partnership history, fast: 150 partnerships with their
 * agencies and people, then cases over ten years with about ten events each, written with bulk
 * inserts straight into the tables (cases, case_agencies, case_participants, events with a valid
 * hash chain). Most disagreements end at stage 1 or 2, a few reach the chair; cases raised in
 * the last weeks are still open, and a few old ones were left open and are long overdue.
 *
 * One generator feeds both writers (better-sqlite3 and pg), batch by batch, so SQLite and
 * PostgreSQL get the same history.
 */

import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import SqliteDatabase from 'better-sqlite3';
import type { Insertable } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type CaseEvent, type CaseStatus, fold } from '../src/domain/case/index.js';
import { CATEGORIES, type Policy, type Role } from '../src/domain/policy/schema.js';
import { outcomeOf, stageRows } from '../src/services/case-projection.js';
import { type EventRows, type StoredEvent, toRow } from '../src/store/event-store.js';
import type {
  AgencyTable,
  CaseAgencyTable,
  CaseParticipantTable,
  CaseStageTable,
  CaseTable,
  EventPersonalTable,
  EventTable,
  PartnershipTable,
  PersonTable,
} from '../src/store/schema.js';

const DAY = 86_400_000;
const YEARS = 10;

/** A small fast seeded PRNG (mulberry32), so runs generate the same shapes. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SECTORS = [
  'school',
  'school',
  'school',
  'early-years',
  'childrens-social-care',
  'health',
  'gp',
  'police',
  'health',
  'other',
] as const;

export interface GeneratedAgency {
  id: string;
  /** director, senior manager, manager (the escalation manager), DSL, four frontline */
  director: string;
  senior: string;
  manager: string;
  dsl: string;
  frontline: string[];
}

export interface GeneratedPartnership {
  id: string;
  key: string;
  policy: Policy;
  weight: number;
  agencies: GeneratedAgency[];
  team: string;
  chair: string;
}

export interface Directory {
  partnerships: GeneratedPartnership[];
  rows: {
    partnerships: PartnershipTable[];
    agencies: Insertable<AgencyTable>[];
    people: Insertable<PersonTable>[];
  };
}

/** The partnership-wide presets: a generated partnership uses one of them. */
export function directory(policies: readonly Policy[], count = 150, now = new Date()): Directory {
  const usable = policies.filter((p) => p.scope === 'partnership');
  const random = prng(150);
  const created = new Date(now.getTime() - YEARS * 365 * DAY - 30 * DAY).toISOString();
  const rows: Directory['rows'] = { partnerships: [], agencies: [], people: [] };
  const partnerships: GeneratedPartnership[] = [];
  for (let p = 0; p < count; p++) {
    const policy = usable[p % usable.length] as Policy;
    const pid = randomUUID();
    const key = `gen-${String(p).padStart(3, '0')}`;
    rows.partnerships.push({
      id: pid,
      key,
      name: `Generated Safeguarding Partnership ${p}`,
      policy_id: policy.id,
      calendar: 'england-and-wales',
      business_unit_email: `business-unit@${key}.example`,
      retention_years: null,
      hub_phone: null,
      created_at: created,
    });
    const person = (
      agencyId: string | null,
      role: Role,
      lineManager: string | null,
      label: string,
    ): string => {
      const id = randomUUID();
      rows.people.push({
        id,
        partnership_id: pid,
        agency_id: agencyId,
        email: `${label}@${key}.example`,
        name: `${label} ${key}`,
        role,
        line_manager_id: lineManager,
        on_board: role === 'director' ? 1 : 0,
        on_executive: role === 'director' ? 1 : 0,
        password_hash: null,
        phone: null,
        created_at: created,
      });
      return id;
    };
    const agencies: GeneratedAgency[] = SECTORS.map((sector, a) => {
      const id = randomUUID();
      const director = person(id, 'director', null, `a${a}-director`);
      const senior = person(id, 'senior-manager', director, `a${a}-senior`);
      const manager = person(id, 'manager', senior, `a${a}-manager`);
      const dsl = person(id, 'dsl', manager, `a${a}-dsl`);
      const frontline = [0, 1, 2, 3].map((f) => person(id, 'frontline', manager, `a${a}-f${f}`));
      rows.agencies.push({
        id,
        partnership_id: pid,
        name: `${sector} agency ${a} of ${key}`,
        sector,
        policy_id: null,
        escalation_manager_id: manager,
        board_member_id: director,
        duty_email: null,
        duty_phone: null,
        created_at: created,
      });
      return { id, director, senior, manager, dsl, frontline };
    });
    const team = person(null, 'partnership-team', null, 'team');
    const chair = person(null, 'chair', null, 'chair');
    partnerships.push({
      id: pid,
      key,
      policy,
      weight: 0.3 + random() * 1.7,
      agencies,
      team,
      chair,
    });
  }
  return { partnerships, rows };
}

export interface Batch {
  cases: CaseTable[];
  caseAgencies: CaseAgencyTable[];
  participants: CaseParticipantTable[];
  stages: CaseStageTable[];
  events: EventTable[];
  eventPersonal: EventPersonalTable[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const TEXT =
  'Agreed the next steps and who will do them; the record is shared with the worker who raised it.';

/** Where a closed case ended: most at stage 1 or 2, a few at the chair. */
function finalStage(r: number, stages: number): number {
  const at = r < 0.55 ? 1 : r < 0.83 ? 2 : r < 0.93 ? 3 : r < 0.975 ? 4 : 5;
  return Math.min(at, stages);
}

/** Working days as calendar milliseconds, roughly (weekends), due at 17:00 UTC. */
function dueAfter(startMs: number, workingDays: number | undefined): number | null {
  if (workingDays === undefined) return null;
  const day = Math.floor(startMs / DAY) * DAY + Math.ceil(workingDays * 1.4) * DAY;
  return day + 17 * 3_600_000;
}

/** Cases, one batch at a time, raised uniformly over the ten years before `now`. */
export class CaseGenerator {
  private readonly random = prng(2026);
  private readonly cumulative: number[];
  private readonly nowMs: number;
  private readonly nowIso: string;
  generated = 0;
  events = 0;

  constructor(
    private readonly dir: Directory,
    now = new Date(),
  ) {
    this.nowMs = now.getTime();
    this.nowIso = now.toISOString();
    let total = 0;
    this.cumulative = dir.partnerships.map((p) => {
      total += p.weight;
      return total;
    });
    this.cumulative = this.cumulative.map((c) => c / total);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  private partnership(): GeneratedPartnership {
    const r = this.random();
    const index = this.cumulative.findIndex((c) => r <= c);
    return this.dir.partnerships[Math.max(index, 0)] as GeneratedPartnership;
  }

  next(count: number): Batch {
    const batch: Batch = {
      cases: [],
      caseAgencies: [],
      participants: [],
      stages: [],
      events: [],
      eventPersonal: [],
    };
    for (let i = 0; i < count; i++) this.one(batch);
    this.generated += count;
    this.events += batch.events.length;
    return batch;
  }

  private one(batch: Batch): void {
    const r = this.random;
    const p = this.partnership();
    const policy = p.policy;
    const raising = this.pick(p.agencies);
    const others = p.agencies.filter((a) => a !== raising);
    const other = [this.pick(others)];
    if (r() < 0.2) {
      const second = this.pick(others);
      if (!other.includes(second)) other.push(second);
    }
    const raiser = this.pick(raising.frontline);
    const caseId = randomUUID();
    const raisedMs = this.nowMs - Math.floor(r() * YEARS * 365 * DAY);
    const stuck = r() < 0.003;
    const withdrawn = r() < 0.03;
    const stages = policy.stages.length;
    const last = finalStage(r(), stages);
    const category = this.pick(CATEGORIES);
    const events: StoredEvent[] = [];
    const people = new Set([raiser, raising.manager, ...other.map((a) => a.manager)]);
    const event = (type: string, atMs: number, by: string, data: object) =>
      events.push({ type, at: iso(atMs), by, ...data } as StoredEvent);

    event('raised', raisedMs, raiser, {
      category,
      children: [
        { name: 'Child A (generated)', childProtectionPlan: r() < 0.3, lookedAfter: r() < 0.1 },
      ],
      raisingAgencyId: raising.id,
      otherAgencyIds: other.map((a) => a.id),
      disagreement: 'The school believes a strategy discussion is needed; the referral was closed.',
      evidence: { nature: 'Repeated concerns seen by staff', source: 'Agency records' },
      actionsToDate: 'Referral made; telephone call with the duty worker.',
      outcomeSought: 'A strategy discussion within two working days.',
      immediateRisk: false,
      policy: { id: policy.id, version: policy.version },
    });
    let t = raisedMs;
    let stageNumber = 1;
    let dueMs: number | null = null;
    let open = false;
    for (; stageNumber <= last; stageNumber++) {
      const stage = policy.stages[stageNumber - 1] as Policy['stages'][number];
      const holders =
        stageNumber === 1
          ? { raising: [raiser], other: other.map((a) => a.manager) }
          : stageNumber === 2
            ? { raising: [raising.manager], other: other.map((a) => a.senior) }
            : stageNumber < stages
              ? { raising: [raising.director], other: other.map((a) => a.director) }
              : { raising: [p.chair], other: [] };
      for (const id of [...holders.raising, ...holders.other]) people.add(id);
      dueMs = dueAfter(t, stage.timescale?.workingDays);
      event('stage-entered', t, raiser, {
        number: stageNumber,
        key: stage.key,
        name: stage.name,
        dueAt: dueMs === null ? null : iso(dueMs),
        holders,
        reason: stageNumber === 1 ? 'raised' : 'escalated',
        skipped: false,
        skippedStages: [],
      });
      if (stageNumber === 1 && r() < 0.5) {
        event('consultation-recorded', t + 3_600_000, raiser, {
          with: { personId: raising.dsl, role: 'dsl' },
          answers: { evidence: 'Seen by two members of staff.' },
          summary: 'Talked it through with the DSL, who agreed to escalate.',
        });
      }
      const span = (stageNumber === 1 ? 1 + r() * 8 : 2 + r() * 12) * DAY;
      const discussions = 2 + Math.floor(r() * 4);
      for (let d = 1; d <= discussions; d++) {
        const at = t + (span * d) / (discussions + 1);
        if (at > this.nowMs) break;
        event('discussion-recorded', at, holders.raising[0] as string, {
          when: iso(at),
          how: 'phone',
          participants: [...holders.raising, ...holders.other],
          summary: 'Discussed the concern and the evidence for it.',
          outcome: 'Not yet agreed.',
        });
      }
      if (t + span > this.nowMs || (stuck && stageNumber === last)) {
        open = true;
        break;
      }
      t += span;
    }
    if (open) stageNumber = Math.min(stageNumber, last);
    else stageNumber = last;
    const stage = policy.stages[stageNumber - 1] as Policy['stages'][number];
    let status: CaseStatus = 'open';
    let closedMs: number | null = null;
    if (!open) {
      closedMs = t;
      if (withdrawn) {
        status = 'withdrawn';
        event('withdrawn', t, raiser, { reason: 'The concern was resolved by a new assessment.' });
      } else if (stageNumber === stages) {
        status = 'decided';
        event('decision-made', t, p.chair, {
          decidedBy: 'chair',
          decision: TEXT,
          binding: true,
        });
      } else {
        status = 'resolved';
        event('resolved', t, raiser, {
          outcome: TEXT,
          actions: ['Strategy discussion'],
          agreedBy: [],
        });
      }
    }
    const raisedIso = events[0]?.at as string;
    const rows = toEventRows(caseId, events, raisedIso);
    // the dashboard's projections, from the record exactly as the app derives them
    const state = fold(events as unknown as CaseEvent[]);
    if (!state) throw new Error('a generated case has its raised event');
    for (const stageRow of stageRows(caseId, p.id, state)) batch.stages.push(stageRow);
    const lastEvent = rows[rows.length - 1]?.event as EventTable;
    const dueUtc = open && dueMs !== null ? iso(dueMs) : null;
    const remind = dueUtc ? iso(Math.floor((dueMs as number) / DAY) * DAY) : null;
    const nowIso = this.nowIso;
    batch.cases.push({
      id: caseId,
      reference: `ESC-G${(this.generated + batch.cases.length).toString(32).toUpperCase().padStart(6, '0')}`,
      partnership_id: p.id,
      policy_id: policy.id,
      policy_version: policy.version,
      raising_agency_id: raising.id,
      raised_by_id: raiser,
      category,
      immediate_risk: r() < 0.05 ? 1 : 0,
      status,
      stage_number: stageNumber,
      stage_key: stage.key,
      stage_name: stage.name,
      due_at: dueUtc,
      due_at_utc: dueUtc,
      version: rows.length,
      raised_at: raisedIso,
      closed_at: closedMs === null ? null : iso(closedMs),
      updated_at: lastEvent.at,
      remind_at_utc: remind,
      // the sweeps run every minute: what was owed before now has been queued
      reminded_for: remind && remind <= nowIso ? dueUtc : null,
      overdue_prompted_for: dueUtc && dueUtc <= nowIso ? dueUtc : null,
      // the generated policies ask for no acknowledgement
      ack_due_at_utc: null,
      ack_overdue_prompted_for: null,
      outcome: outcomeOf(state),
      redacted_at: null,
    });
    const copied = {
      partnership_id: p.id,
      raised_at: raisedIso,
      raising_agency_id: raising.id,
      due_at_utc: dueUtc,
    };
    batch.caseAgencies.push({ case_id: caseId, agency_id: raising.id, side: 'raising', ...copied });
    for (const a of other)
      batch.caseAgencies.push({ case_id: caseId, agency_id: a.id, side: 'other', ...copied });
    for (const person of people) {
      batch.participants.push({
        case_id: caseId,
        person_id: person,
        since: raisedIso,
        due_at_utc: dueUtc,
        raised_at: raisedIso,
      });
    }
    for (const row of rows) {
      batch.events.push(row.event);
      if (row.personal) batch.eventPersonal.push(row.personal);
    }
  }
}

function toEventRows(caseId: string, events: StoredEvent[], _raised: string): EventRows[] {
  let prev = '';
  return events.map((event, i) => {
    const row = toRow(caseId, i + 1, prev, event, event.at);
    prev = row.event.hash;
    return row;
  });
}

export interface Writer {
  directory(rows: Directory['rows']): Promise<void>;
  write(batch: Batch): Promise<void>;
  /** resolves once every batch given is written */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const COLUMNS = {
  partnerships: ['id', 'key', 'name', 'policy_id', 'calendar', 'business_unit_email', 'created_at'],
  agencies: [
    'id',
    'partnership_id',
    'name',
    'sector',
    'policy_id',
    'escalation_manager_id',
    'board_member_id',
    'created_at',
  ],
  people: [
    'id',
    'partnership_id',
    'agency_id',
    'email',
    'name',
    'role',
    'line_manager_id',
    'on_board',
    'on_executive',
    'password_hash',
    'created_at',
  ],
  cases: [
    'id',
    'reference',
    'partnership_id',
    'policy_id',
    'policy_version',
    'raising_agency_id',
    'raised_by_id',
    'category',
    'immediate_risk',
    'status',
    'stage_number',
    'stage_key',
    'stage_name',
    'due_at',
    'due_at_utc',
    'version',
    'raised_at',
    'closed_at',
    'updated_at',
    'remind_at_utc',
    'reminded_for',
    'overdue_prompted_for',
    'outcome',
  ],
  case_stages: [
    'case_id',
    'ordinal',
    'partnership_id',
    'stage_number',
    'stage_key',
    'stage_name',
    'entered_at',
    'due_at_utc',
    'ended_at',
    'ending',
    'days_tenths',
  ],
  case_agencies: [
    'case_id',
    'agency_id',
    'side',
    'partnership_id',
    'raised_at',
    'raising_agency_id',
    'due_at_utc',
  ],
  case_participants: ['case_id', 'person_id', 'since', 'due_at_utc', 'raised_at'],
  events: [
    'case_id',
    'seq',
    'type',
    'at',
    'by_person_id',
    'data',
    'personal_digest',
    'prev_hash',
    'hash',
    'recorded_at',
  ],
  event_personal: ['case_id', 'seq', 'salt', 'data', 'redacted_at'],
} as const;

type TableName = keyof typeof COLUMNS;

function batchTables(batch: Batch): [TableName, readonly object[]][] {
  return [
    ['cases', batch.cases],
    ['case_agencies', batch.caseAgencies],
    ['case_participants', batch.participants],
    ['case_stages', batch.stages],
    ['events', batch.events],
    ['event_personal', batch.eventPersonal],
  ];
}

/** The tables a case batch fills, whose secondary indexes are set aside during a load step. */
const CASE_TABLES: readonly TableName[] = [
  'cases',
  'case_agencies',
  'case_participants',
  'case_stages',
  'events',
];

/** Rows per multi-row INSERT on SQLite (events: 9 columns, so 900 parameters). */
const SQLITE_ROWS = 100;

/**
 * better-sqlite3 on the same file the app uses, for a load step: the app's connection is closed
 * first (see scale.ts), so the load can run without a journal; each batch is one transaction of
 * prepared multi-row inserts. The secondary indexes the migrations made are dropped for the
 * step and made again, with the same SQL, at its end (sorting once is cheaper than keeping
 * fifteen indexes on `cases` in order row by row); primary keys and unique constraints stay.
 */
export function sqliteWriter(
  file: string,
): Writer & { beginLoad(): void; endLoad(): void; writeNow(batch: Batch): void } {
  const db = new SqliteDatabase(file);
  db.pragma('cache_size = -1000000');
  const statements = new Map<string, SqliteDatabase.Statement>();
  const statement = (table: TableName, rows: number) => {
    const key = `${table}:${rows}`;
    let found = statements.get(key);
    if (!found) {
      const columns = COLUMNS[table];
      const one = `(${columns.map(() => '?').join(', ')})`;
      found = db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(rows).fill(one).join(', ')}`,
      );
      statements.set(key, found);
    }
    return found;
  };
  const insert = (table: TableName, rows: readonly object[]) => {
    const columns = COLUMNS[table];
    let i = 0;
    const values: unknown[] = [];
    const bind = (row: object) => {
      for (const c of columns) values.push((row as Record<string, unknown>)[c]);
    };
    for (; i + SQLITE_ROWS <= rows.length; i += SQLITE_ROWS) {
      values.length = 0;
      for (let j = i; j < i + SQLITE_ROWS; j++) bind(rows[j] as object);
      statement(table, SQLITE_ROWS).run(values);
    }
    for (; i < rows.length; i++) {
      values.length = 0;
      bind(rows[i] as object);
      statement(table, 1).run(values);
    }
  };
  const many = db.transaction((tables: [TableName, readonly object[]][]) => {
    for (const [table, rows] of tables) insert(table, rows);
  });
  let setAside: { name: string; sql: string }[] = [];
  return {
    beginLoad() {
      // the load is repeatable from the seed, so it needs no journal; the app's WAL comes back at the end
      db.pragma('journal_mode = OFF');
      db.pragma('synchronous = OFF');
      setAside = db
        .prepare(
          `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${CASE_TABLES.map(() => '?').join(', ')})`,
        )
        .all(...CASE_TABLES) as { name: string; sql: string }[];
      for (const index of setAside) db.exec(`DROP INDEX ${index.name}`);
    },
    endLoad() {
      for (const index of setAside) db.exec(index.sql);
      setAside = [];
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    },
    async directory(rows) {
      // people refer to their line managers, who come first in the generated order
      many([
        ['partnerships', rows.partnerships],
        ['agencies', rows.agencies],
        ['people', rows.people],
      ]);
    },
    async write(batch) {
      many(batchTables(batch));
    },
    writeNow(batch) {
      many(batchTables(batch));
    },
    flush: async () => {},
    async close() {
      db.close();
    },
  };
}

/** A value in PostgreSQL's COPY text format. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  const text = String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(
        /[\\\t\n\r]/g,
        (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] as string,
      )
    : text;
}

/**
 * pg: one `COPY ... FROM STDIN` per table and batch, one transaction a batch. During a load step
 * the secondary indexes are dropped and made again at its end with the definitions PostgreSQL
 * reports (primary keys and unique constraints stay), and the session runs as a replica so the
 * foreign-key triggers are not fired per row: every generated row refers to rows already
 * written. Tables stay logged throughout.
 */
export async function postgresWriter(
  url: string,
): Promise<Writer & { beginLoad(): Promise<void>; endLoad(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('SET synchronous_commit = off');
  await client.query("SET maintenance_work_mem = '256MB'");
  const copy = async (table: TableName, rows: readonly object[]) => {
    if (rows.length === 0) return;
    const columns = COLUMNS[table];
    const lines: string[] = [];
    for (const row of rows) {
      const r = row as Record<string, unknown>;
      lines.push(columns.map((c) => copyValue(r[c])).join('\t'));
    }
    const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    await pipeline(Readable.from([`${lines.join('\n')}\n`]), stream);
  };
  const many = async (tables: [TableName, readonly object[]][]) => {
    await client.query('BEGIN');
    for (const [table, rows] of tables) await copy(table, rows);
    await client.query('COMMIT');
  };
  let setAside: { name: string; definition: string }[] = [];
  return {
    async beginLoad() {
      await client.query('SET session_replication_role = replica');
      const found = await client.query<{ name: string; definition: string }>(
        `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition
           FROM pg_index x
           JOIN pg_class i ON i.oid = x.indexrelid
           JOIN pg_class t ON t.oid = x.indrelid
          WHERE t.relname = ANY($1)
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
        [CASE_TABLES],
      );
      setAside = found.rows;
      for (const index of setAside) await client.query(`DROP INDEX ${index.name}`);
    },
    async endLoad() {
      for (const index of setAside) await client.query(index.definition);
      setAside = [];
      await client.query('SET session_replication_role = DEFAULT');
    },
    async directory(rows) {
      await many([
        ['partnerships', rows.partnerships],
        ['agencies', rows.agencies],
        ['people', rows.people],
      ]);
    },
    write: (batch) => many(batchTables(batch)),
    flush: async () => {},
    async close() {
      await client.end();
    },
  };
}
