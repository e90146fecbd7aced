/**
 * The page a signed-out person asked for (an e-mail's link to a case, say), carried through
 * sign-in so they land on it afterwards. Only a path on this service is ever accepted: anything
 * that a browser could read as another site (`//evil.example`, `/\evil.example`,
 * `https://evil.example`), or that could split a header (a line feed), falls back to the case
 * list, so a link to our sign-in page can never send someone on to a look-alike site.
 *
 * The path travels as `?next=` on the sign-in page, then in the sign-in form (a hidden field,
 * under the form's CSRF token), then in the session (`afterSignIn`) across the code step, setting
 * up an app and single sign-on; never in a cookie of its own.
 */
import { paths } from './paths.js';

/** Where a sign-in lands when no page was asked for, or the one asked for is refused. */
export const DEFAULT_PAGE = paths.myCases();
/** Longer than any address of ours, with room for a query; anything longer is refused. */
export const MAX_PATH_LENGTH = 1024;
const BASE = 'https://escalate.invalid';

/**
 * The path and query given, when it is a local path; otherwise undefined. Printable ASCII only
 * (a browser sends non-ASCII percent-encoded), so no control character, space or line break.
 */
export function localPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PATH_LENGTH) {
    return undefined;
  }
  if (!/^[\x21-\x7e]+$/.test(value)) return undefined;
  // one slash, then anything but a second slash or a backslash (browsers read `/\` as `//`);
  // no backslash anywhere, so no browser's repair of one can make a host of it
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return undefined;
  // the sign-in pages themselves would only send the person round again
  if (/^\/(sign-in|sign-out|signed-out)(?:[/?#]|$)/.test(value)) return undefined;
  // and, to be sure, the browser's own reading must stay on this site with the same path
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return undefined;
  }
  if (url.origin !== BASE) return undefined;
  return value;
}

/** Where to go after signing in: the page asked for, when it is local, else the case list. */
export function pageAfterSignIn(value: unknown): string {
  return localPath(value) ?? DEFAULT_PAGE;
}

/** The sign-in page, remembering the page asked for (the case list needs no remembering). */
export function signInPathFor(asked: string): string {
  const path = localPath(asked);
  return path && path !== DEFAULT_PAGE
    ? `${paths.signIn()}?next=${encodeURIComponent(path)}`
    : paths.signIn();
}
