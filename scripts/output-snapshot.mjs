#!/usr/bin/env node
// Records or compares the CLI's JSON output on the bundled examples and (when present) the corpus beside the
// checkout, so a refactoring can prove that it changed no output byte.
//   node scripts/output-snapshot.mjs write <dir>     record examples.json (and corpus.json)
//   node scripts/output-snapshot.mjs compare <dir>   exit 1 and name the first difference if any output changed
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const [mode, dir] = process.argv.slice(2);
if (!['write', 'compare'].includes(mode) || !dir) {
  console.error('usage: node scripts/output-snapshot.mjs write|compare <dir>');
  process.exit(2);
}

const targets = [['examples', 'examples/']];
if (existsSync(join(root, '../shared/corpus/files'))) targets.push(['corpus', '../shared/corpus/files']);

let failed = false;
for (const [name, path] of targets) {
  const run = spawnSync(process.execPath, [join(root, 'bin/dps-profiles.js'), 'check', path, '--format', 'json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const output = `exit ${run.status}\n${run.stdout}`;
  const file = join(dir, `${name}.json`);
  if (mode === 'write') {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, output);
    console.log(`${name}: recorded ${output.length} bytes`);
    continue;
  }
  const before = readFileSync(file, 'utf8');
  if (before === output) {
    console.log(`${name}: identical (${output.length} bytes)`);
    continue;
  }
  failed = true;
  const lines = [before.split('\n'), output.split('\n')];
  const at = lines[0].findIndex((line, i) => line !== lines[1][i]);
  console.log(`${name}: DIFFERENT at line ${at + 1}\n  before: ${lines[0][at]}\n  now:    ${lines[1][at]}`);
}
process.exit(failed ? 1 : 0);
