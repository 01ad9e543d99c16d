#!/usr/bin/env node
// Corpus report for reviewing false positives: problems per code, and the files
// that carry each code most, with the first message and its line.
//
//   node scripts/corpus-report.mjs [dir ...] [--top N] [--code DPS302]
//
// Default dir: ../shared/corpus/files and ../shared/corpus/signed. The core is
// bundled on the fly with esbuild into out/report-core.js (no build step needed).
import { loadCore } from './lib/load-core.mjs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);

const args = process.argv.slice(2);
let top = 5;
let onlyCode;
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--top') top = Number(args[++i]);
  else if (args[i] === '--code') onlyCode = args[++i];
  else if (args[i] === '-h' || args[i] === '--help') {
    console.log('usage: node scripts/corpus-report.mjs [dir ...] [--top N] [--code CODE]');
    process.exit(0);
  } else dirs.push(resolve(args[i]));
}
if (!dirs.length) {
  const shared = resolve(root, '..', 'shared', 'corpus');
  if (!existsSync(shared)) {
    console.error(`No directory given and ${shared} is absent; pass a folder of profiles.`);
    process.exit(2);
  }
  dirs.push(join(shared, 'files'), join(shared, 'signed'));
}

const core = await loadCore(root, 'report-core');

function walk(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

const files = dirs.filter((d) => existsSync(d)).flatMap(walk);
const byCode = new Map(); // code → Map(file → { count, first })
let withProblems = 0;
let total = 0;
const started = process.hrtime.bigint();
for (const file of files) {
  const bytes = readFileSync(file);
  let result;
  try {
    result = core.checkBytes(bytes, { documentId: file, fileName: file.split('/').pop() });
  } catch (err) {
    console.error(`THREW on ${file}: ${err.stack}`);
    process.exitCode = 1;
    continue;
  }
  if (result.problems.length) withProblems++;
  for (const p of result.problems) {
    total++;
    const perFile = byCode.get(p.code) ?? new Map();
    const row = perFile.get(file) ?? { count: 0, first: p, line: result.lineIndex.positionAt(p.span.start).line + 1 };
    row.count++;
    perFile.set(file, row);
    byCode.set(p.code, perFile);
  }
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;

const name = (code) => core.codeInfo(code)?.name ?? '?';
const display = (file) => {
  const rel = relative(process.cwd(), file);
  return rel.length > 90 ? '…' + rel.slice(-89) : rel;
};
console.log(
  `${files.length} files (${dirs.map((d) => relative(process.cwd(), d) || '.').join(', ')}), ${withProblems} with problems, ${total} problems, checked in ${ms.toFixed(0)} ms`,
);
console.log('');
console.log(`${'code'.padEnd(8)} ${'severity'.padEnd(8)} ${'problems'.padStart(8)} ${'files'.padStart(6)}  name`);
const codes = [...byCode.keys()].sort();
for (const code of codes) {
  const perFile = byCode.get(code);
  const problems = [...perFile.values()].reduce((n, r) => n + r.count, 0);
  console.log(
    `${code.padEnd(8)} ${(core.codeInfo(code)?.severity ?? '?').padEnd(8)} ${String(problems).padStart(8)} ${String(perFile.size).padStart(6)}  ${name(code)}`,
  );
}
for (const code of codes) {
  if (onlyCode && code !== onlyCode) continue;
  const rows = [...byCode.get(code)].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]));
  const limit = onlyCode ? rows.length : top;
  console.log(`\n${code} ${name(code)} — top ${Math.min(limit, rows.length)} of ${rows.length} files`);
  for (const [file, row] of rows.slice(0, limit)) {
    console.log(`  ${String(row.count).padStart(4)}× ${display(file)}:${row.line}`);
    console.log(`        ${row.first.message.length > 160 ? row.first.message.slice(0, 159) + '…' : row.first.message}`);
  }
}
