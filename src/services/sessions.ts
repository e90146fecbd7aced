/**
 * Sessions kept in the database (docs/security.md): the browser holds a random id, the
 * database only its SHA-256. A session ends after 30 minutes idle or 12 hours in all (both
 * configurable: SESSION_IDLE_MINUTES, SESSION_MAX_HOURS); signing
 * in replaces the visitor's session with a new one (a new id), so a planted id is worthless.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/database.js';
import { prepared } from '../store/prepared.js';
import type { PendingSingleSignOn } from './single-sign-on.js';

export const IDLE_MS = 30 * 60 * 1000;
export const ABSOLUTE_MS = 12 * 60 * 60 * 1000;

/** How long a session lasts: SESSION_IDLE_MINUTES and SESSION_MAX_HOURS (config.ts). */
export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}
export const DEFAULT_LIMITS: SessionLimits = { idleMs: IDLE_MS, absoluteMs: ABSOLUTE_MS };
/** last_seen_at is written at most this often, so most page views cost no write */
const TOUCH_MS = 60 * 1000;

export interface SessionData {
  /** the synchroniser token every form carries */
  csrf: string;
  /** answers of a journey in progress, by journey name */
  journeys?: Record<string, unknown>;
  /** a visitor's single sign-on in progress: PKCE verifier, state and nonce, used once */
  singleSignOn?: PendingSingleSignOn;
  /**
   * The password was right and a code is needed (or an app must be set up) before anyone is
   * signed in. The session has no person meanwhile, so it grants nothing.
   */
  pendingSignIn?: PendingSignIn;
  /**
   * The local page a visitor asked for before signing in (web/local-path.ts), kept across the
   * code step, setting up an app and single sign-on, and taken once they land on it.
   */
  afterSignIn?: string;
  /** an authenticator app being set up from the account page: its secret, sealed */
  enrolling?: string;
  /** recovery codes just made with a new app, sealed, until the next page shows them once */
  newRecoveryCodes?: string;
}

export interface PendingSignIn {
  personId: string;
  step: 'code' | 'set-up';
  /** when the password was checked: the step expires a few minutes later */
  since: string;
  /** the sealed secret of the app being set up (step 'set-up') */
  secret?: string;
}

/**
 * How a session was signed in (the `sign_in_method` column). 'password' is Escalate's password
 * alone; 'password+totp' adds the authenticator app's code. 'oidc' is the organisation's
 * identity provider, which enforces its own multi-factor authentication: it counts as strong,
 * and Escalate asks no second factor of it. Only 'password' is weak.
 */
export type SignInMethod = 'password' | 'password+totp' | 'oidc';

/** How a new session starts: how it was signed in, and the data it begins with. */
export interface SessionStart {
  method?: SignInMethod;
  data?: Omit<SessionData, 'csrf'>;
}

export interface Session {
  /** the id the browser holds: never stored */
  id: string;
  personId: string | null;
  /** null for a visitor's session */
  signInMethod: SignInMethod | null;
  data: SessionData;
  createdAt: string;
  lastSeenAt: string;
}

const hashOf = (id: string) => createHash('sha256').update(id).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

export async function createSession(
  db: Db,
  personId: string | null,
  now: Date,
  limits: SessionLimits = DEFAULT_LIMITS,
  start: SessionStart = {},
): Promise<Session> {
  await deleteExpiredSessions(db, now, limits);
  const at = now.toISOString();
  const session: Session = {
    id: randomToken(),
    personId,
    signInMethod: personId ? (start.method ?? 'password') : null,
    data: { ...start.data, csrf: randomToken() },
    createdAt: at,
    lastSeenAt: at,
  };
  await db
    .insertInto('sessions')
    .values({
      id_hash: hashOf(session.id),
      person_id: personId,
      sign_in_method: session.signInMethod,
      data: JSON.stringify(session.data),
      created_at: at,
      last_seen_at: at,
    })
    .execute();
  return session;
}

function expired(createdAt: string, lastSeenAt: string, now: Date, limits: SessionLimits) {
  const t = now.getTime();
  return (
    t - Date.parse(lastSeenAt) > limits.idleMs || t - Date.parse(createdAt) > limits.absoluteMs
  );
}

// every page view asks, so compiled once (src/store/prepared.ts); read afresh each time, never
// cached, so signing out or a password change ends the session at once on every instance
const sessionByHash = prepared((db, p: { idHash: string }) =>
  db.selectFrom('sessions').selectAll().where('id_hash', '=', p.idHash),
);

/** The live session with this id, or undefined (unknown, idle too long, or too old). */
export async function loadSession(
  db: Db,
  id: string,
  now: Date,
  limits: SessionLimits = DEFAULT_LIMITS,
): Promise<Session | undefined> {
  const idHash = hashOf(id);
  const row = await sessionByHash.first(db, { idHash });
  if (!row) return undefined;
  if (expired(row.created_at, row.last_seen_at, now, limits)) {
    await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    return undefined;
  }
  let lastSeenAt = row.last_seen_at;
  if (now.getTime() - Date.parse(lastSeenAt) > TOUCH_MS) {
    lastSeenAt = now.toISOString();
    await db
      .updateTable('sessions')
      .set({ last_seen_at: lastSeenAt })
      .where('id_hash', '=', idHash)
      .execute();
  }
  return {
    id,
    personId: row.person_id,
    signInMethod: row.sign_in_method as SignInMethod | null,
    data: JSON.parse(row.data) as SessionData,
    createdAt: row.created_at,
    lastSeenAt,
  };
}

export async function saveSessionData(db: Db, session: Session, now: Date): Promise<void> {
  session.lastSeenAt = now.toISOString();
  await db
    .updateTable('sessions')
    .set({ data: JSON.stringify(session.data), last_seen_at: session.lastSeenAt })
    .where('id_hash', '=', hashOf(session.id))
    .execute();
}

export async function destroySession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', hashOf(id)).execute();
}

async function deleteExpiredSessions(db: Db, now: Date, limits: SessionLimits): Promise<void> {
  const idleCutoff = new Date(now.getTime() - limits.idleMs).toISOString();
  const ageCutoff = new Date(now.getTime() - limits.absoluteMs).toISOString();
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('last_seen_at', '<', idleCutoff), eb('created_at', '<', ageCutoff)]))
    .execute();
}

/** One of a person's live sessions, for "Where you are signed in" (never its id). */
export interface SessionSummary {
  signInMethod: SignInMethod | null;
  createdAt: string;
  lastSeenAt: string;
  /** the session this request came with */
  current: boolean;
}

/** A person's live sessions, the one in use first, then the most recently used. */
export async function listSessions(
  db: Db,
  personId: string,
  currentId: string | undefined,
  now: Date,
  limits: SessionLimits = DEFAULT_LIMITS,
): Promise<SessionSummary[]> {
  const current = currentId ? hashOf(currentId) : undefined;
  const rows = await db
    .selectFrom('sessions')
    .select(['id_hash', 'sign_in_method', 'created_at', 'last_seen_at'])
    .where('person_id', '=', personId)
    .execute();
  return rows
    .filter((r) => !expired(r.created_at, r.last_seen_at, now, limits))
    .map((r) => ({
      signInMethod: r.sign_in_method as SignInMethod | null,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      current: r.id_hash === current,
    }))
    .sort((a, b) =>
      a.current !== b.current ? (a.current ? -1 : 1) : b.lastSeenAt.localeCompare(a.lastSeenAt),
    );
}

/** Ends every session of the person but the one given (ASVS V3.3.4); answers how many ended. */
export async function endOtherSessions(
  db: Db,
  personId: string,
  currentId: string,
): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('person_id', '=', personId)
    .where('id_hash', '!=', hashOf(currentId))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
