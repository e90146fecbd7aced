/**
 * OpenID Connect single sign-on with the organisation's identity provider (openid-client), beside
 * passwords: the authorization code flow with PKCE (S256), `state` and `nonce`, all three kept in
 * the visitor's session and used once. openid-client checks the answer: the state, the issuer
 * (`iss`), the code exchange with the PKCE verifier, and the ID token (signature from the
 * provider's keys, issuer, audience, expiry, nonce). The person is then found in the directory by
 * the e-mail address the provider vouches for (`email_verified` must be true), compared without
 * case; nobody is created or changed here.
 *
 * The provider's discovery document is read at first use and kept; when the provider does not
 * answer, the failure is logged and the next attempt tries again, and password sign-in is not
 * touched.
 */
import type * as Oidc from 'openid-client';
import type { OidcConfig } from '../config.js';
import type { Db } from '../store/database.js';
import { personIdByEmail } from './people.js';

/**
 * openid-client, loaded at the first use of single sign-on rather than at start-up: most
 * deployments may never turn it on, and start-up is measured (bench/RESULTS.md).
 */
let loaded: typeof Oidc | undefined;
async function openidClient(): Promise<typeof Oidc> {
  loaded ??= await import('openid-client');
  return loaded;
}

/** Where the provider sends the person back: BASE_URL + this, registered with the provider. */
export const CALLBACK_PATH = '/sign-in/oidc/callback';
/** A sign-in not finished within this long must start again. */
export const PENDING_MS = 10 * 60 * 1000;
const SCOPE = 'openid email';
/** seconds to wait for the provider's discovery, token and userinfo answers */
const TIMEOUT_SECONDS = 10;

/** Kept in the visitor's session between the redirect to the provider and the way back. */
export interface PendingSingleSignOn {
  state: string;
  nonce: string;
  codeVerifier: string;
  startedAt: string;
}

/** Why a sign-in was refused; each has its own page (views/sign-in-oidc-refused.njk). */
export type Refusal =
  /** the provider did not answer (discovery, token or userinfo) */
  | 'unavailable'
  /** no sign-in in progress in this browser, too old, or its code already used */
  | 'expired'
  /** the person cancelled, or the provider refused them (error=access_denied) */
  | 'denied'
  /** another error from the provider */
  | 'provider-error'
  /** the answer failed a check: state, issuer, nonce, signature, a missing code */
  | 'invalid'
  /** the provider gave no e-mail address, or one it has not verified */
  | 'unverified-email'
  /** nobody in the directory has that address */
  | 'unknown-person';

export type Outcome =
  | { ok: true; personId: string }
  | {
      ok: false;
      reason: Refusal;
      /** the address the provider gave, to show the person (never logged) */
      email?: string;
      /** for the log: the error's name and code */
      error?: { name: string; code?: string };
    };

export class ProviderUnavailable extends Error {
  constructor(cause: unknown) {
    super('the identity provider did not answer', { cause });
    this.name = 'ProviderUnavailable';
  }
}

interface Log {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** Only what helps find a fault: a code and a name, never a token, a claim or an address. */
export function describeError(error: unknown): { name: string; code?: string } {
  if (!(error instanceof Error)) return { name: typeof error };
  const code = (error as { code?: unknown; error?: unknown }).code;
  const oauthError = (error as { error?: unknown }).error;
  return {
    name: error.name,
    code: typeof oauthError === 'string' ? oauthError : typeof code === 'string' ? code : undefined,
  };
}

/** A network failure or time-out reaching the provider, or a provider answering 5xx. */
function isUnavailable(error: unknown): boolean {
  if (error instanceof ProviderUnavailable) return true;
  if (error instanceof TypeError) return true; // fetch failed: refused, reset, DNS
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return true;
  }
  if (loaded && error instanceof loaded.ResponseBodyError) return error.status >= 500;
  const code = (error as { code?: unknown }).code;
  const status = ((error as { cause?: unknown }).cause as { status?: unknown } | undefined)?.status;
  return code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && typeof status === 'number' && status >= 500;
}

export class SingleSignOn {
  private configuration: Promise<Oidc.Configuration> | undefined;
  readonly redirectUri: string;

  constructor(
    readonly config: OidcConfig,
    private readonly baseUrl: string,
  ) {
    this.redirectUri = `${baseUrl}${CALLBACK_PATH}`;
  }

  /** The provider's configuration, discovered once; a failure is forgotten so the next try retries. */
  private discover(log: Log): Promise<Oidc.Configuration> {
    this.configuration ??= openidClient()
      .then((oidc) =>
        oidc.discovery(
          new URL(this.config.issuerUrl),
          this.config.clientId,
          undefined,
          oidc.ClientSecretBasic(this.config.clientSecret),
          {
            // kept by the configuration for the token and userinfo requests too
            timeout: TIMEOUT_SECONDS,
            execute: this.config.allowHttp ? [oidc.allowInsecureRequests] : [],
          },
        ),
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        // Silent, or answering something else (a wrong OIDC_ISSUER_URL: another issuer, no
        // discovery document): the IT team needs to know which.
        log.error(
          { issuer: this.config.issuerUrl, err: describeError(error) },
          isUnavailable(error)
            ? 'single sign-on: the identity provider did not answer discovery'
            : 'single sign-on: discovery failed; check OIDC_ISSUER_URL',
        );
        throw new ProviderUnavailable(error);
      });
    return this.configuration;
  }

  /** Discovery at start-up, so a wrong issuer shows in the log at once; never fails start-up. */
  async warmUp(log: Log): Promise<void> {
    await this.discover(log).catch(() => undefined);
  }

  /** Where to send the person, and what to keep in their session until they come back. */
  async begin(now: Date, log: Log): Promise<{ url: string; pending: PendingSingleSignOn }> {
    const configuration = await this.discover(log);
    const oidc = await openidClient();
    const pending: PendingSingleSignOn = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      startedAt: now.toISOString(),
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: SCOPE,
      response_type: 'code',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  /**
   * The person is back with `query` (the callback's query string). `pending` is what begin() kept
   * in their session, already taken out of it by the caller, so a callback works once.
   */
  async finish(
    db: Db,
    query: string,
    pending: PendingSingleSignOn | undefined,
    now: Date,
    log: Log,
  ): Promise<Outcome> {
    if (!pending || now.getTime() - Date.parse(pending.startedAt) > PENDING_MS) {
      return { ok: false, reason: 'expired' };
    }
    let about: Record<string, unknown>;
    try {
      const configuration = await this.discover(log);
      const oidc = await openidClient();
      // The address the provider sent the person back to, as registered (never the Host header).
      const callback = new URL(`${CALLBACK_PATH}${query ? `?${query}` : ''}`, this.baseUrl);
      const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) return { ok: false, reason: 'invalid' };
      // Most providers put the e-mail in the ID token; others only answer it at userinfo,
      // which openid-client checks is about the same subject.
      about =
        claims.email === undefined
          ? await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub)
          : { ...claims };
    } catch (error) {
      return { ok: false, reason: refusalFor(error), error: describeError(error) };
    }
    return this.match(db, about.email, about.email_verified);
  }

  private async match(db: Db, email: unknown, verified: unknown): Promise<Outcome> {
    if (typeof email !== 'string' || email.trim() === '' || verified !== true) {
      return {
        ok: false,
        reason: 'unverified-email',
        email: typeof email === 'string' ? email : undefined,
      };
    }
    const personId = await personIdByEmail(db, email.trim().toLowerCase());
    if (!personId) return { ok: false, reason: 'unknown-person', email };
    return { ok: true, personId };
  }
}

function refusalFor(error: unknown): Refusal {
  if (isUnavailable(error)) return 'unavailable';
  if (loaded && error instanceof loaded.AuthorizationResponseError) {
    return error.error === 'access_denied' ? 'denied' : 'provider-error';
  }
  // the provider refused the code: already used (a replayed callback) or too old
  if (loaded && error instanceof loaded.ResponseBodyError && error.error === 'invalid_grant') {
    return 'expired';
  }
  return 'invalid';
}
