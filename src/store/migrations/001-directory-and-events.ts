import type { Kysely, Migration } from 'kysely';
import { createAppendOnlyTriggers, type Dialect } from '../dialect.js';

/** The directory (partnerships, agencies, people) and the append-only case events. */
export function directoryAndEvents(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('partnerships')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('policy_id', 'text', (c) => c.notNull())
        .addColumn('calendar', 'text', (c) => c.notNull())
        .addColumn('business_unit_email', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('agencies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sector', 'text', (c) => c.notNull())
        .addColumn('policy_id', 'text')
        .addColumn('escalation_manager_id', 'text')
        .addColumn('board_member_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('agencies_partnership_name', ['partnership_id', 'name'])
        .execute();

      await db.schema
        .createTable('people')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
        .addColumn('agency_id', 'text', (c) => c.references('agencies.id'))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('line_manager_id', 'text', (c) => c.references('people.id'))
        .addColumn('on_board', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('on_executive', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('password_hash', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('people_agency').on('people').column('agency_id').execute();

      await db.schema
        .createTable('events')
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('by_person_id', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('events_pk', ['case_id', 'seq'])
        .execute();
      await createAppendOnlyTriggers(db, dialect, 'events');
    },
  };
}
