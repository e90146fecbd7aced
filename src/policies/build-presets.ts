/**
 * Run by `npm run build` after tsc: keeps each preset's YAML as plain data, by the SHA-256 of
 * the file's text, in dist/preset-data.json, so start-up need not parse the YAML
 * (presets.ts). Only data that JSON carries exactly is kept; anything else is parsed at start.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { yamlData } from './load.js';
import { presetDataFile, presetFiles, textDigest } from './presets.js';

const data: Record<string, unknown> = {};
for (const file of presetFiles()) {
  const text = readFileSync(file, 'utf8');
  const value = yamlData(text);
  if (value !== undefined && isDeepStrictEqual(JSON.parse(JSON.stringify(value)), value)) {
    data[textDigest(text)] = value;
  }
}
writeFileSync(presetDataFile(), JSON.stringify(data));
