#!/usr/bin/env node
// `npm run bench` (build, then this script). Every figure is measured in this run,
// on the same files, on this machine:
//   - ours: `node bin/dps-profiles.js check --format json <all files>`, one process
//   - Python plistlib loading the same files, one process (like a pre-commit plist hook)
//   - `xmllint --noout <files>` (well-formedness only)
//   - the CLI on one file (examples/okta-dps-psso2.mobileconfig)
//   - in process: checkText on that example, per call
// Wall times are medians of N runs after one warm-up. Results also go to
// bench-results/latest.json.
//
//   node scripts/bench.mjs [--runs N] [--iterations N] [dir]
import { loadCore } from './lib/load-core.mjs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);

const args = process.argv.slice(2);
let runs = 5;
let iterations = 2000;
let dirArg;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--iterations') iterations = Number(args[++i]);
  else dirArg = resolve(args[i]);
}

const TARGETS = {
  corpusRatioVsPlistlib: 1.0, // ours ÷ plistlib on the corpus, at most
  singleFileCliMs: 100, // below
  inProcessMs: 1, // below, median per checkText of the DPS example
};
const EXAMPLE = join(root, 'examples', 'okta-dps-psso2.mobileconfig');
const CLI = join(root, 'bin', 'dps-profiles.js');

// ---- inputs
function walk(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile() && /\.(mobileconfig|plist)$/i.test(e.name)) out.push(p);
  }
  return out;
}
let corpusDir = dirArg ?? resolve(root, '..', 'shared', 'corpus', 'files');
let corpusLabel = relative(root, corpusDir);
if (!existsSync(corpusDir)) {
  console.log(`The shared corpus (${corpusDir}) is absent; benchmarking the bundled examples/ instead (figures are not comparable).`);
  corpusDir = join(root, 'examples');
  corpusLabel = 'examples';
}
const files = walk(corpusDir);
const totalBytes = files.reduce((n, f) => n + readFileSync(f).length, 0);
if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.error('dist/cli.js is missing: run `npm run bench` (it builds first) or `npm run build`.');
  process.exit(2);
}

// ---- timing
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const hasCommand = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
const useHyperfine = hasCommand('hyperfine');

/** Runs `command args` once and returns wall ms; `check` validates the run (throws when the tool failed). */
function timeOnce(command, argv, check) {
  const started = process.hrtime.bigint();
  const r = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.error) throw r.error;
  check?.(r);
  return ms;
}

const shellQuote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Median wall time of N runs after one warm-up; the warm-up run is also the one checked. */
function measure(label, command, argv, check) {
  timeOnce(command, argv, check);
  if (useHyperfine) {
    const out = join(tmpdir(), `dps-bench-${process.pid}.json`);
    const line = [command, ...argv].map(shellQuote).join(' ');
    const r = spawnSync('hyperfine', ['--warmup', '1', '--runs', String(runs), '-N', '-i', '--style', 'none', '--export-json', out, line], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status === 0 && existsSync(out)) {
      const result = JSON.parse(readFileSync(out, 'utf8')).results[0];
      rmSync(out, { force: true });
      return { label, medianMs: result.median * 1000, runsMs: result.times.map((t) => t * 1000), tool: 'hyperfine' };
    }
  }
  const times = [];
  for (let i = 0; i < runs; i++) times.push(timeOnce(command, argv));
  return { label, medianMs: median(times), runsMs: times, tool: 'hrtime+spawnSync' };
}

// ---- ours on the corpus: exit 0 (clean) or 1 (problems found) are both a completed run
const checkOurs = (expectedFiles) => (r) => {
  if (r.status !== 0 && r.status !== 1) throw new Error(`dps-profiles exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  const report = JSON.parse(r.stdout);
  if (report.files.length !== expectedFiles) throw new Error(`dps-profiles reported ${report.files.length} files, expected ${expectedFiles}`);
};

console.log(`Benchmark on ${files.length} files (${(totalBytes / 1024).toFixed(0)} KB) from ${corpusLabel}; ${runs} runs after 1 warm-up; ${cpus().length} CPUs, node ${process.version}; timer: ${useHyperfine ? 'hyperfine' : 'process.hrtime around spawnSync'}`);
const results = {};
results.ours = measure('dps-profiles check --format json (all files)', process.execPath, [CLI, 'check', '--format', 'json', ...files], checkOurs(files.length));

// ---- Python plistlib: resolve the real interpreter, so a pyenv/asdf shim's start-up is not counted
if (hasCommand('python3')) {
  const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim() || 'python3';
  const version = spawnSync(python, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const script = [
    'import plistlib, sys',
    'ok = bad = 0',
    'for p in sys.argv[1:]:',
    '    try:',
    '        with open(p, "rb") as f: plistlib.load(f)',
    '        ok += 1',
    '    except Exception:',
    '        bad += 1',
    'print(ok, bad)',
  ].join('\n');
  results.plistlib = measure(`${version} plistlib.load (all files)`, python, ['-c', script, ...files], (r) => {
    if (r.status !== 0) throw new Error(`python exited ${r.status}: ${r.stderr.slice(0, 300)}`);
    const [ok, bad] = r.stdout.trim().split(' ').map(Number);
    if (ok + bad !== files.length) throw new Error(`plistlib saw ${ok + bad} files`);
    results.plistlibParsed = { ok, failed: bad };
  });
} else {
  console.log('python3 not found: the plistlib comparison is skipped.');
}

// ---- xmllint
if (hasCommand('xmllint')) {
  const version = spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).stderr.split('\n')[0].trim();
  results.xmllint = measure(`${version} --noout (all files)`, 'xmllint', ['--noout', '--nonet', ...files], (r) => {
    if (r.status !== 0 && r.status !== 1) throw new Error(`xmllint exited ${r.status}: ${r.stderr.slice(0, 300)}`);
  });
} else {
  console.log('xmllint not found: skipped. Install it with `apt-get install -y libxml2-utils` (Debian/Ubuntu) or `brew install libxml2` (macOS).');
}

// ---- single-file CLI
results.singleFile = measure(`dps-profiles check --format json ${relative(root, EXAMPLE)}`, process.execPath, [CLI, 'check', '--format', 'json', EXAMPLE], checkOurs(1));

// ---- in process: bundle the core and time checkText per call
const core = await loadCore(root, 'bench-core');
const exampleText = readFileSync(EXAMPLE, 'utf8');
const options = { documentId: EXAMPLE, fileName: 'okta-dps-psso2.mobileconfig' };
const warm = core.checkText(exampleText, options);
if (warm.problems.some((p) => p.severity === 'error')) console.log(`note: the example has errors now: ${warm.problems.map((p) => p.code).join(', ')}`);
for (let i = 0; i < Math.min(500, iterations); i++) core.checkText(exampleText, options);
const perCall = [];
for (let i = 0; i < iterations; i++) {
  const started = process.hrtime.bigint();
  core.checkText(exampleText, options);
  perCall.push(Number(process.hrtime.bigint() - started) / 1e6);
}
const sorted = [...perCall].sort((a, b) => a - b);
results.inProcess = {
  label: `checkText(${relative(root, EXAMPLE)}) in process`,
  medianMs: median(perCall),
  p95Ms: sorted[Math.floor(sorted.length * 0.95)],
  meanMs: perCall.reduce((a, b) => a + b, 0) / perCall.length,
  iterations,
  tool: 'hrtime per call',
};

// ---- report
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(1) : ms.toFixed(3)) + ' ms';
const ratio = (a, b) => (a && b ? a.medianMs / b.medianMs : undefined);
const vsPlistlib = ratio(results.ours, results.plistlib);
const vsXmllint = ratio(results.ours, results.xmllint);
const rows = [
  ['ours: CLI on all files (1 process)', results.ours.medianMs],
  ['Python plistlib (1 process)', results.plistlib?.medianMs],
  ['xmllint --noout', results.xmllint?.medianMs],
  ['ours: CLI on one file', results.singleFile.medianMs],
  ['ours: checkText in process (median)', results.inProcess.medianMs],
];
console.log('');
console.log(`${'measurement'.padEnd(40)} ${'median'.padStart(12)}`);
for (const [label, ms] of rows) console.log(`${label.padEnd(40)} ${(ms === undefined ? 'skipped' : fmt(ms)).padStart(12)}`);
console.log(`${'  in process p95 / mean'.padEnd(40)} ${`${fmt(results.inProcess.p95Ms)} / ${fmt(results.inProcess.meanMs)}`.padStart(12)}`);
console.log('');
console.log(`ratio ours ÷ plistlib: ${vsPlistlib === undefined ? 'n/a' : vsPlistlib.toFixed(2)}   ratio ours ÷ xmllint: ${vsXmllint === undefined ? 'n/a' : vsXmllint.toFixed(2)}`);
if (results.plistlibParsed) console.log(`(plistlib loaded ${results.plistlibParsed.ok} files and rejected ${results.plistlibParsed.failed}; it only parses, we parse and check)`);

const verdict = (ok) => (ok === undefined ? 'n/a ' : ok ? 'PASS' : 'MISS');
const targets = [
  { target: `corpus: ours ÷ plistlib ≤ ${TARGETS.corpusRatioVsPlistlib.toFixed(1)}`, measured: vsPlistlib === undefined ? 'n/a' : vsPlistlib.toFixed(2), pass: vsPlistlib === undefined ? undefined : vsPlistlib <= TARGETS.corpusRatioVsPlistlib },
  { target: `single-file CLI < ${TARGETS.singleFileCliMs} ms`, measured: fmt(results.singleFile.medianMs), pass: results.singleFile.medianMs < TARGETS.singleFileCliMs },
  { target: `in-process DPS example < ${TARGETS.inProcessMs} ms`, measured: fmt(results.inProcess.medianMs), pass: results.inProcess.medianMs < TARGETS.inProcessMs },
];
console.log('');
console.log('Targets:');
for (const t of targets) console.log(`  ${verdict(t.pass)}  ${t.target.padEnd(36)} measured ${t.measured}`);
if (corpusLabel === 'examples') console.log('  (measured on examples/, not the corpus: the corpus ratio is indicative only)');

mkdirSync(join(root, 'bench-results'), { recursive: true });
const out = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, platform: process.platform },
  corpus: { dir: corpusLabel, files: files.length, bytes: totalBytes },
  runs,
  results,
  ratios: { oursOverPlistlib: vsPlistlib ?? null, oursOverXmllint: vsXmllint ?? null },
  targets: targets.map((t) => ({ ...t, pass: t.pass ?? null })),
};
writeFileSync(join(root, 'bench-results', 'latest.json'), JSON.stringify(out, null, 2) + '\n');
console.log(`\nWritten: ${relative(process.cwd(), join(root, 'bench-results', 'latest.json'))}`);
