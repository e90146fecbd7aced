#!/usr/bin/env -S node --max-semi-space-size=4 --max-old-space-size=512
// The `escalate` command. The TypeScript is compiled to dist/ and bundled into dist/bundle/ (ADR 33)
// by `npm install` (prepare) and `npm start`.
// The heap's sizes, for the server (`escalate serve`) above all: left to itself, V8 lets the heap
// of a busy server grow to 270 MB (Node 24: a 128 MB young generation and an old generation that
// grows in steps sized from a 4 GB limit), where these keep it under 80 MB for the same CPU time
// on Node 24 (bench/RESULTS.md, "Session 20"; ADR 31). The old generation's 512 MB is a ceiling far above anything
// Escalate holds at once; `npm start` runs the same flags (test/server-memory-flags.test.ts).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bundle/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('escalate: not built yet. Run "npm install" (or "npm run build") first.');
  process.exit(1);
}
const { main } = await import(entry.href);
await main(process.argv);
