#!/usr/bin/env node
// Writes the code table of docs/rules/README.md from the catalog (server/src/core/codes.ts: codesTable).
// `--check` writes nothing and exits 1 when the README's table is out of date (test/docs.test.ts checks the same).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCore } from './lib/load-core.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = join(root, 'docs', 'rules', 'README.md');
const { codesTable } = await loadCore(root, 'gen-rules-table');

const lines = readFileSync(readme, 'utf8').split('\n');
const start = lines.findIndex((l) => l.startsWith('| Code |'));
if (start < 0) {
  console.error(`${readme}: no table starting with "| Code |"`);
  process.exit(2);
}
let end = start;
while (end < lines.length && lines[end].startsWith('|')) end++;
const current = lines.slice(start, end).join('\n');
const wanted = codesTable();
if (current === wanted) {
  console.log('docs/rules/README.md: the table is up to date');
} else if (process.argv.includes('--check')) {
  console.error('docs/rules/README.md: the table is out of date; run node scripts/gen-rules-table.mjs');
  process.exit(1);
} else {
  writeFileSync(readme, [...lines.slice(0, start), wanted, ...lines.slice(end)].join('\n'));
  console.log('docs/rules/README.md: table written');
}
