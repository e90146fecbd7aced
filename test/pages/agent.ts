/**
 * A tiny browser for route tests over `inject()`: keeps the session cookie, and sends the CSRF
 * token of the last page it read with every form, as a person's browser would.
 */
import type { FastifyInstance } from 'fastify';
import { DEMO_PASSWORD, hashPassword } from '../../src/services/demo.js';
import type { PersonSummary } from '../../src/services/people.js';
import type { Store } from '../../src/store/database.js';
import {
  type AuthenticatorContext,
  codeFor,
  currentCode,
  keyOnPage,
} from '../support/authenticator.js';

/** The test apps whose people's codes the agent can compute (createTestApp registers each). */
const authenticators = new WeakMap<FastifyInstance, AuthenticatorContext>();
export function registerAuthenticators(app: FastifyInstance, context: AuthenticatorContext) {
  authenticators.set(app, context);
}

export interface Answer {
  status: number;
  body: string;
  headers: Record<string, unknown>;
  location: string | undefined;
}

export class Agent {
  cookie: string | undefined;
  csrf: string | undefined;

  constructor(
    readonly app: FastifyInstance,
    readonly ip = '127.0.0.1',
  ) {}

  private remember(response: {
    statusCode: number;
    body: string;
    headers: Record<string, unknown>;
  }): Answer {
    const set = response.headers['set-cookie'];
    for (const line of Array.isArray(set) ? set : set ? [String(set)] : []) {
      const [pair] = line.split(';');
      const [name, value] = (pair ?? '').split('=');
      if (name === 'escalate_session') this.cookie = value ? `${name}=${value}` : undefined;
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrf = token;
    const location = response.headers.location;
    return {
      status: response.statusCode,
      body: response.body,
      headers: response.headers,
      location: typeof location === 'string' ? location : undefined,
    };
  }

  async get(url: string): Promise<Answer> {
    const response = await this.app.inject({
      method: 'GET',
      url,
      remoteAddress: this.ip,
      headers: this.cookie ? { cookie: this.cookie } : {},
    });
    return this.remember(response);
  }

  /** Posts a form; `_csrf` is the last page's token unless the form gives one (or null: none). */
  async post(url: string, form: Record<string, string | string[]> = {}, csrf?: string | null) {
    const params = new URLSearchParams();
    const token = csrf === undefined ? this.csrf : csrf;
    if (token) params.append('_csrf', token);
    for (const [key, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
    }
    const response = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.ip,
      payload: params.toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
    });
    return this.remember(response);
  }

  /**
   * Signs in with the password and, when asked, the code of the person's authenticator app
   * (setting one up first if their role requires it), starting from `from` (the sign-in page a
   * guarded page sent the agent to, say). Answers the last step's answer, whose location is
   * /cases (or the page asked for) once signed in.
   */
  async signIn(
    person: PersonSummary,
    password = DEMO_PASSWORD,
    from = '/sign-in',
  ): Promise<Answer> {
    const page = await this.get(from);
    // the page asked for before sign-in rides in the form's hidden field, as in a browser
    const next = hiddenNext(page.body);
    let answer = await this.post('/sign-in', {
      email: person.email,
      password,
      ...(next === undefined ? {} : { next }),
    });
    if (answer.location === '/sign-in/set-up') {
      const page = await this.get('/sign-in/set-up');
      const now = this.context().clock.now;
      answer = await this.post('/sign-in/set-up', { code: codeFor(keyOnPage(page.body), now) });
      if (answer.location === '/sign-in/recovery-codes') {
        // the new app's recovery codes, shown once; then on
        await this.get('/sign-in/recovery-codes');
        answer = await this.post('/sign-in/recovery-codes', {});
      }
    } else if (answer.location === '/sign-in/code') {
      await this.get('/sign-in/code');
      const code = await currentCode(this.context(), person.id);
      answer = await this.post('/sign-in/code', { code });
    }
    // as a browser would, follow to the next page (and so learn the new session's CSRF token)
    if (answer.location) await this.get(answer.location);
    return answer;
  }

  /** The password step alone: answers where it sends the person next. */
  async signInPassword(person: PersonSummary, password = DEMO_PASSWORD): Promise<Answer> {
    await this.get('/sign-in');
    const answer = await this.post('/sign-in', { email: person.email, password });
    if (answer.location) await this.get(answer.location);
    return answer;
  }

  private context(): AuthenticatorContext {
    const context = authenticators.get(this.app);
    if (!context) throw new Error('this app is not registered with registerAuthenticators');
    return context;
  }
}

/**
 * Each person's own signed-in agent, signed in the first time it is asked for (they need a
 * password: givePasswords); `clear()` forgets them all (the clock moved past their sessions).
 */
export function signedInAgents(app: () => FastifyInstance) {
  const agents = new Map<string, Agent>();
  const as = async (person: PersonSummary): Promise<Agent> => {
    const known = agents.get(person.id);
    if (known) return known;
    const agent = new Agent(app());
    await agent.signIn(person);
    agents.set(person.id, agent);
    return agent;
  };
  return Object.assign(as, { clear: () => agents.clear() });
}

/** The test app loads the demo without passwords (hashing is slow); these people get one. */
export async function givePasswords(store: Store, people: PersonSummary[]): Promise<void> {
  const hash = await hashPassword(DEMO_PASSWORD);
  await store.db
    .updateTable('people')
    .set({ password_hash: hash })
    .where(
      'id',
      'in',
      people.map((p) => p.id),
    )
    .execute();
}

/** The sign-in form's hidden `next` field (the page asked for), unescaped. */
export function hiddenNext(body: string): string | undefined {
  const value = /name="next" value="([^"]*)"/.exec(body)?.[1];
  return value
    ?.replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** The answer's error summary items, as text. */
export function errorSummary(body: string): string[] {
  const summary = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(body)?.[1] ?? '';
  return [...summary.matchAll(/<a href="[^"]*">([^<]*)<\/a>/g)].map((m) =>
    (m[1] ?? '').trim().replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&'),
  );
}

/** The case version a page's form carries. */
export function versionIn(body: string): string {
  return /name="version" value="(\d+)"/.exec(body)?.[1] ?? '';
}
