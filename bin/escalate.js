#!/usr/bin/env node
// The `escalate` command. The TypeScript is compiled to dist/ by `npm install` (prepare) and `npm start`.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('escalate: not built yet. Run "npm install" (or "npm run build") first.');
  process.exit(1);
}
const { main } = await import(entry.href);
await main(process.argv);
