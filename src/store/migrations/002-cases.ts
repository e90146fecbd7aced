import type { Kysely, Migration } from 'kysely';
import { createAppendOnlyTriggers, type Dialect } from '../dialect.js';

/**
 * What the case engine needs beside its events: the pinned policy versions, a projection of
 * each case for lists and sweeps, who may see a case, the access log, the notification outbox
 * and API tokens.
 */
export function cases(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('policy_versions')
        .addColumn('policy_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('policy_versions_pk', ['policy_id', 'version'])
        .execute();

      await db.schema
        .createTable('cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('reference', 'text', (c) => c.notNull().unique())
        .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
        .addColumn('policy_id', 'text', (c) => c.notNull())
        .addColumn('policy_version', 'integer', (c) => c.notNull())
        .addColumn('raising_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
        .addColumn('raised_by_id', 'text', (c) => c.notNull().references('people.id'))
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('immediate_risk', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('stage_number', 'integer', (c) => c.notNull())
        .addColumn('stage_key', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text')
        .addColumn('due_at_utc', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('raised_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('cases_open_due')
        .on('cases')
        .columns(['status', 'due_at_utc'])
        .execute();
      await db.schema
        .createIndex('cases_partnership')
        .on('cases')
        .columns(['partnership_id', 'status', 'raised_at'])
        .execute();

      await db.schema
        .createTable('case_agencies')
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
        .addColumn('side', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_agencies_pk', ['case_id', 'agency_id'])
        .execute();
      await db.schema
        .createIndex('case_agencies_agency')
        .on('case_agencies')
        .column('agency_id')
        .execute();

      await db.schema
        .createTable('case_participants')
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
        .addColumn('since', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_participants_pk', ['case_id', 'person_id'])
        .execute();
      await db.schema
        .createIndex('case_participants_person')
        .on('case_participants')
        .column('person_id')
        .execute();

      await db.schema
        .createTable('access_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('via', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('access_log_case')
        .on('access_log')
        .columns(['case_id', 'at'])
        .execute();
      await createAppendOnlyTriggers(db, dialect, 'access_log');

      await db.schema
        .createTable('outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
        .addColumn('case_id', 'text')
        .addColumn('event_seq', 'integer')
        .addColumn('rule_key', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('recipient_email', 'text', (c) => c.notNull())
        .addColumn('recipient_person_id', 'text')
        .addColumn('template', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('leased_until', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .execute();
      await db.schema.createIndex('outbox_case').on('outbox').column('case_id').execute();
      await db.schema
        .createIndex('outbox_due')
        .on('outbox')
        .columns(['status', 'next_attempt_at'])
        .execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
    },
  };
}
