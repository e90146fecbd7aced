/**
 * Run by `npm run build` after tsc: bundles the compiled command line (dist/cli/main.js) and the
 * packages it loads at start into dist/bundle/, which `bin/escalate.js` runs (ADR 33).
 *
 * Starting the server from dist/ loaded about 450 modules, and Node spent 43 % of the start-up
 * finding, reading and linking them (bench/RESULTS.md, "Session 21" and "Session 23"). The
 * bundle is the same compiled JavaScript in a few files. Each command's module stays a file of
 * its own (`splitting`), loaded only when that command runs, as `src/cli/main.ts` intends.
 *
 * Left outside the bundle, loaded from node_modules as before:
 * - native modules, which cannot be bundled;
 * - PostgreSQL's driver, which `src/store/database.ts` loads only for a PostgreSQL database;
 * - what is loaded on first use, never at start: the PDF writer and its fonts, the charts, and
 *   the e-mail clients. Bundling them would save no start-up, and some read data files that lie
 *   beside their own code.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { ROOT } from '../repository.js';

export const BUNDLE_EXTERNAL = [
  // native
  'better-sqlite3',
  '@node-rs/argon2',
  // PostgreSQL only
  'pg',
  // loaded on first use
  'pdfkit',
  'svg-to-pdfkit',
  'fontkit',
  'vega',
  'vega-lite',
  'nodemailer',
  'notifications-node-client',
];

/** esbuild's options: everything but the packages above, from the compiled command line. */
export function bundleOptions(root: string): BuildOptions {
  return {
    entryPoints: [join(root, 'dist', 'cli', 'main.js')],
    outdir: join(root, 'dist', 'bundle'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    external: BUNDLE_EXTERNAL,
    // the packages written as CommonJS call `require` for Node's own modules
    banner: {
      js: "import { createRequire as bundleCreateRequire } from 'node:module'; const require = bundleCreateRequire(import.meta.url);",
    },
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
  };
}

/**
 * Builds the bundle, writing only the files whose bytes changed and then removing the files the
 * new build no longer has. esbuild's output is the same for the same input (chunk names carry
 * a hash of their content), so a rebuild with nothing changed touches no file: an `escalate`
 * process started meanwhile (`npm start` builds first, and the tests start `escalate` while
 * another runs `npm start`) never finds the bundle half-written or a chunk missing.
 */
export async function writeBundle(
  options: BuildOptions,
): Promise<{ written: number; removed: number }> {
  const outdir = options.outdir as string;
  const { outputFiles } = await build({ ...options, write: false });
  const wanted = new Set<string>();
  let written = 0;
  for (const file of outputFiles) {
    wanted.add(file.path);
    if (existsSync(file.path) && readFileSync(file.path).equals(file.contents)) continue;
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.contents);
    written++;
  }
  let removed = 0;
  const present = existsSync(outdir)
    ? readdirSync(outdir, { recursive: true, encoding: 'utf8' })
    : [];
  for (const name of present) {
    const path = join(outdir, name);
    if (!wanted.has(path) && statSync(path).isFile()) {
      rmSync(path);
      removed++;
    }
  }
  return { written, removed };
}

// run as a script (`node dist/build/bundle.js`), not imported by its test
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeBundle(bundleOptions(ROOT));
}
