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
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { repositoryRoot } from '../web/folders.js';

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

const root = repositoryRoot();
const outdir = join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'dist', 'cli', 'main.js')],
  outdir,
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
});
