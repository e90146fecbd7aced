/**
 * Which Chromium the page tests drive, looked for in this order:
 *
 * 1. `CHROMIUM_PATH`, when set (it must be there);
 * 2. Debian's, at `/usr/bin/chromium` (`apt-get install chromium`; `.ci/run` installs it);
 *    `DEBIAN_CHROMIUM` names another place to look, so a test can hide it;
 * 3. the one `npm install` brings: the `@sparticuz/chromium` dev dependency ships a headless
 *    Chromium (brotli-compressed) inside the package, unpacked to the system's temporary
 *    folder on first use, so `npm install && npm test` runs the page tests on a machine with no
 *    Chromium of its own.
 *
 * Found once per run by the global setup (test/e2e/global-setup.ts) and handed to the tests.
 */
import { existsSync } from 'node:fs';

export type ChromiumFound =
  | { path: string; from: 'CHROMIUM_PATH' | 'Debian' | '@sparticuz/chromium' }
  | { path: null; why: string };

export const HOW_TO_RUN =
  'install Chromium ("apt-get install chromium") or set CHROMIUM_PATH, or run "npm install" so that @sparticuz/chromium is there';

/** The bundled Chromium's executable, unpacked on first use (null when the package is absent). */
async function bundledChromium(): Promise<string | null> {
  try {
    const { default: chromium } = await import('@sparticuz/chromium');
    return await chromium.executablePath();
  } catch {
    return null;
  }
}

export async function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  bundled: () => Promise<string | null> = bundledChromium,
): Promise<ChromiumFound> {
  if (env.CHROMIUM_PATH) {
    return existsSync(env.CHROMIUM_PATH)
      ? { path: env.CHROMIUM_PATH, from: 'CHROMIUM_PATH' }
      : { path: null, why: `CHROMIUM_PATH is set to ${env.CHROMIUM_PATH}, which is not there` };
  }
  const debian = env.DEBIAN_CHROMIUM || '/usr/bin/chromium';
  if (existsSync(debian)) return { path: debian, from: 'Debian' };
  const unpacked = await bundled();
  if (unpacked && existsSync(unpacked)) return { path: unpacked, from: '@sparticuz/chromium' };
  return {
    path: null,
    why: `Chromium is not at ${debian} and @sparticuz/chromium is not installed`,
  };
}
