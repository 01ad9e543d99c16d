#!/usr/bin/env node
// `npm run bench` (build, then this script). Each row of issue 12's table, measured in this run
// against its yardstick on this machine, as a ratio of CPU time (user + sys of the child process):
//
//   1. one profile, the whole CLI process            ÷ `node -e 0`
//   2. each extra corpus file (startup excluded)     ÷ Python plistlib's (and xmllint's, for reference)
//   3. an ~10 MB profile of 10,000 payloads          ÷ plistlib, plus our peak memory (maxRSS)
//   4. language server: one edit in a folder of the corpus's profiles (the server's own figures)
//   5. language server: completion after a keystroke in a 1 MB profile ÷ plistlib's parse of that file
//      (4 and 5 come from scripts/bench-server.mjs, which drives dist/server.js over stdio)
//
// Paired runs: every round runs ours and the yardstick back to back (order rotating), a ratio is taken
// per round, and the figure is the median over rounds, so a machine busy with other work moves both
// sides of a ratio alike. CPU time and maxRSS of a child come from scripts/lib/rusage-runner.py
// (os.wait4), because node does not expose a child's rusage; so do the page faults (ru_minflt) printed beside
// rows 1-3: the memory a run touches first, a count the machine's load hardly moves. Python is the real interpreter
// (/usr/bin/python3 first), never a version-manager shim, whose own start-up would be counted.
// Results go to bench-results/latest.json (committed: README quotes it).
//
//   node scripts/bench.mjs [--rounds N] [--root DIR] [--no-server] [dir]
//   --root DIR: measure another checkout's bin/ and dist/ (built) with this script, e.g. a baseline.
import { loadCore } from './lib/load-core.mjs';
import { writeBigProfile } from './lib/big-profile.mjs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const here = resolve(new URL('..', import.meta.url).pathname);
const args = process.argv.slice(2);
let rounds = 7;
let measured = here;
let withServer = true;
let dirArg;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--rounds') rounds = Number(args[++i]);
  else if (args[i] === '--root') measured = resolve(args[++i]);
  else if (args[i] === '--no-server') withServer = false;
  else dirArg = resolve(args[i]);
}

const GOALS = { oneFile: 1.4, perFile: 3, big: 2, bigPeakMB: 120, serverEditMs: 5, completion: 2 };
const EXAMPLE = join(here, 'examples', 'okta-dps-psso2.mobileconfig');
const CLI = join(measured, 'bin', 'dps-profiles.js');
if (!existsSync(join(measured, 'dist', 'cli.js'))) {
  console.error(`${relative(process.cwd(), join(measured, 'dist', 'cli.js'))} is missing: run \`npm run bench\` (it builds first) or \`npm run build\`.`);
  process.exit(2);
}

// ---- the yardsticks' interpreters
/** The real python3: /usr/bin/python3, else what `python3` resolves to; a pyenv/asdf shim adds ~250 ms per start. */
function findPython() {
  if (existsSync('/usr/bin/python3')) return '/usr/bin/python3';
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? realpathSync(r.stdout.trim()) : undefined;
}
const python = findPython();
if (!python) {
  console.error('python3 is needed: it is the yardstick (plistlib) and measures CPU time and memory of each run (os.wait4).');
  process.exit(2);
}
const pythonVersion = spawnSync(python, ['--version'], { encoding: 'utf8' }).stdout.trim();
const hasXmllint = spawnSync('sh', ['-c', 'command -v xmllint'], { encoding: 'utf8' }).status === 0;
const xmllintVersion = hasXmllint ? spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).stderr.split('\n')[0].trim() : undefined;

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
let corpusDir = dirArg ?? resolve(here, '..', 'shared', 'corpus', 'files');
if (!existsSync(corpusDir)) {
  console.log(`The shared corpus (${corpusDir}) is absent; benchmarking examples/ instead (figures are not comparable).`);
  corpusDir = join(here, 'examples');
}
const corpusLabel = relative(here, corpusDir);
const files = walk(corpusDir);
const totalBytes = files.reduce((n, f) => n + readFileSync(f).length, 0);
const core = await loadCore(measured, 'bench-core');
const work = mkdtempSync(join(tmpdir(), 'dps-bench-'));
const big = writeBigProfile(core, EXAMPLE, join(work, 'big-10000-payloads.mobileconfig'), 10_000);

const PLISTLIB = [
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
const ours = (paths) => [process.execPath, CLI, 'check', '--format', 'json', ...paths];
const plistlib = (paths) => [python, '-c', PLISTLIB, ...paths];
const xmllint = (paths) => ['xmllint', '--noout', '--nonet', ...paths];

// ---- checks: each command is run once in the open before it is timed, and must do its job
function checkRun(argv, expect) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  if (r.error) throw r.error;
  const fail = (why) => {
    throw new Error(`${argv.slice(0, 3).join(' ')} …: ${why}\n${(r.stderr ?? '').slice(0, 500)}`);
  };
  if (expect.kind === 'ours') {
    if (r.status !== 0 && r.status !== 1) fail(`exit ${r.status}`);
    const n = JSON.parse(r.stdout).files.length;
    if (n !== expect.files) fail(`reported ${n} files, expected ${expect.files}`);
  } else if (expect.kind === 'plistlib') {
    if (r.status !== 0) fail(`exit ${r.status}`);
    const [ok, bad] = r.stdout.trim().split(' ').map(Number);
    if (ok + bad !== expect.files) fail(`saw ${ok + bad} files`);
    return { ok, bad };
  } else if (r.status !== 0 && r.status !== 1) fail(`exit ${r.status}`);
  return undefined;
}

// ---- paired timing
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const cpu = (run) => run.user_ms + run.sys_ms;

/** Runs the commands in `rounds` rounds (plus one discarded warm-up round); returns each command's runs. */
function paired(commands, roundsHere = rounds) {
  const spec = JSON.stringify({ commands, rounds: roundsHere + 1 });
  const r = spawnSync(python, [join(here, 'scripts', 'lib', 'rusage-runner.py')], { input: spec, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`rusage-runner failed: ${r.stderr}`);
  return JSON.parse(r.stdout).runs.map((runs) => runs.slice(1));
}
const summary = (runs) => ({
  cpuMs: median(runs.map(cpu)),
  wallMs: median(runs.map((r) => r.wall_ms)),
  maxRssMB: median(runs.map((r) => r.maxrss_kb / 1024)),
  pageFaults: median(runs.map((r) => r.minflt)),
});
const perRound = (n, f) => median(Array.from({ length: n }, (_, i) => f(i)));

const started = Date.now();
console.log(
  `Benchmark: ${files.length} files (${(totalBytes / 1024).toFixed(0)} KB) from ${corpusLabel}; big profile ${(big.bytes / 1e6).toFixed(1)} MB, ${big.payloads} payloads; ` +
    `${rounds} paired rounds after 1 warm-up (${3 * rounds} for the one-profile row); ${cpus().length} CPUs, node ${process.version}, ${pythonVersion} (${python})${xmllintVersion ? `, ${xmllintVersion}` : ''}` +
    (measured !== here ? `; measuring ${measured}` : ''),
);
const rows = {};

// 1. one profile: the whole CLI process ÷ `node -e 0`
{
  checkRun(ours([EXAMPLE]), { kind: 'ours', files: 1 });
  // Three times the rounds: a round is a fifth of a second here, and this ratio moves most with the machine's load.
  const [a, b] = paired([ours([EXAMPLE]), [process.execPath, '-e', '0']], 3 * rounds);
  rows.oneFile = {
    label: `one profile (${relative(here, EXAMPLE)}), whole CLI process ÷ node -e 0`,
    ratio: perRound(a.length, (i) => cpu(a[i]) / cpu(b[i])),
    goal: GOALS.oneFile,
    ours: summary(a),
    yardstick: { label: 'node -e 0', ...summary(b) },
  };
}

// 2. each extra corpus file, startup excluded: (all files − the first file) / (n − 1), per round
{
  const one = [files[0]];
  checkRun(ours(one), { kind: 'ours', files: 1 });
  checkRun(ours(files), { kind: 'ours', files: files.length });
  const parsed = checkRun(plistlib(files), { kind: 'plistlib', files: files.length });
  const commands = [ours(one), ours(files), plistlib(one), plistlib(files)];
  if (hasXmllint) commands.push(xmllint(one), xmllint(files));
  const [o1, oN, p1, pN, x1, xN] = paired(commands);
  const extra = (r1, rN, i) => (cpu(rN[i]) - cpu(r1[i])) / (files.length - 1);
  const n = o1.length;
  rows.perFile = {
    label: `each extra corpus file (startup excluded) ÷ plistlib's`,
    ratio: perRound(n, (i) => extra(o1, oN, i) / extra(p1, pN, i)),
    goal: GOALS.perFile,
    oursMsPerFile: perRound(n, (i) => extra(o1, oN, i)),
    plistlibMsPerFile: perRound(n, (i) => extra(p1, pN, i)),
    oursFaultsPerFile: perRound(n, (i) => (oN[i].minflt - o1[i].minflt) / (files.length - 1)),
    plistlibFaultsPerFile: perRound(n, (i) => (pN[i].minflt - p1[i].minflt) / (files.length - 1)),
    xmllintMsPerFile: x1 ? perRound(n, (i) => extra(x1, xN, i)) : null,
    ratioVsXmllint: x1 ? perRound(n, (i) => extra(o1, oN, i) / extra(x1, xN, i)) : null,
    oursAll: summary(oN),
    plistlibAll: summary(pN),
    plistlibParsed: parsed,
  };
}

// 3. the big profile: whole process ÷ plistlib, and our peak memory
{
  checkRun(ours([big.path]), { kind: 'ours', files: 1 });
  checkRun(plistlib([big.path]), { kind: 'plistlib', files: 1 });
  const commands = [ours([big.path]), plistlib([big.path])];
  if (hasXmllint) commands.push(xmllint([big.path]));
  const [o, p, x] = paired(commands);
  rows.big = {
    label: `a ${(big.bytes / 1e6).toFixed(1)} MB profile of ${big.payloads} payloads ÷ plistlib`,
    ratio: perRound(o.length, (i) => cpu(o[i]) / cpu(p[i])),
    goal: GOALS.big,
    peakMB: summary(o).maxRssMB,
    goalPeakMB: GOALS.bigPeakMB,
    ours: summary(o),
    plistlib: summary(p),
    xmllint: x ? summary(x) : null,
    ratioVsXmllint: x ? perRound(o.length, (i) => cpu(o[i]) / cpu(x[i])) : null,
  };
}

// 4-5. the language server: scripts/bench-server.mjs drives dist/server.js over stdio, as an editor does
if (withServer && measured !== here) console.log('The language-server rows measure this checkout only (scripts/bench-server.mjs): skipped for --root.');
else if (withServer) {
  const { benchServer } = await import('./bench-server.mjs');
  const server = await benchServer({ corpusDir, edits: Math.max(10, 2 * rounds), keystrokes: Math.max(16, 2 * rounds), bigBytes: [1_000_000] });
  const edit = server.folderEdit;
  if (edit) {
    rows.serverEdit = {
      label: `language server, one edit in a folder of ${edit.profiles} profiles`,
      measuredText: `${edit.serverCheckMsMedian?.toFixed(1) ?? 'n/a'} ms`,
      goalText: `≤ ${GOALS.serverEditMs} ms`,
      pass: edit.serverCheckMsMedian === undefined ? undefined : edit.serverCheckMsMedian <= GOALS.serverEditMs,
      detail: `the server's own check time, median of ${edit.edits} edits after ${edit.warmUpEdits} (those: ${edit.serverCheckMsMedianFirst?.toFixed(1) ?? 'n/a'} ms); p95 ${edit.serverCheckMsP95?.toFixed(1) ?? 'n/a'} ms; diagnostics ${edit.latencyMsMedian.toFixed(0)} ms after the edit (debounce excluded); server CPU ${edit.cpuMsPerEdit?.toFixed(0) ?? 'n/a'} ms per edit (10 ms ticks)`,
      ...edit,
    };
  }
  const big = server.bigFile1MB;
  if (big) {
    rows.completion = {
      label: `language server, completion after a keystroke in a ${(big.bytes / 1e6).toFixed(1)} MB profile ÷ plistlib's parse of that file`,
      measuredText: `${big.completionOverPlistlib?.toFixed(1) ?? 'n/a'}× (${big.completionMsMedian.toFixed(0)} ms)`,
      goalText: `≤ ${GOALS.completion}×`,
      pass: big.completionOverPlistlib === undefined ? undefined : big.completionOverPlistlib <= GOALS.completion,
      detail: `completion answered ${big.completionMsMedian.toFixed(0)} ms after the keystroke (p95 ${big.completionMsP95.toFixed(0)} ms); plistlib parse ${big.plistlibParseMs?.toFixed(1) ?? 'n/a'} ms; documentSymbol ${big.documentSymbolMsMedian.toFixed(0)} ms`,
      ...big,
    };
  }
}

// ---- in process, for reference: checkText of the example, per call
{
  const text = readFileSync(EXAMPLE, 'utf8');
  const options = { documentId: EXAMPLE, fileName: 'okta-dps-psso2.mobileconfig' };
  for (let i = 0; i < 300; i++) core.checkText(text, options);
  const perCall = [];
  for (let i = 0; i < 1000; i++) {
    const t0 = process.cpuUsage();
    core.checkText(text, options);
    const d = process.cpuUsage(t0);
    perCall.push((d.user + d.system) / 1000);
  }
  rows.inProcess = { label: `checkText(${relative(here, EXAMPLE)}) in process, CPU per call`, ms: median(perCall) };
}
rmSync(work, { recursive: true, force: true });

// ---- report
const x = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a');
const ms = (v) =>
  v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v >= 100 ? `${v.toFixed(0)} ms` : v >= 1 ? `${v.toFixed(1)} ms` : `${v.toFixed(2)} ms`;
/** Page faults (first touches of memory): a count that hardly moves with the machine's load. */
const faults = (n) => (Number.isFinite(n) ? `${n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1)} page faults` : 'n/a page faults');
const verdict = (ok) => (ok === undefined ? ' n/a' : ok ? 'PASS' : 'MISS');
const table = [];
const add = (label, measuredText, goalText, pass, detail) => table.push({ label, measured: measuredText, goal: goalText, pass, detail });
add(
  rows.oneFile.label,
  x(rows.oneFile.ratio),
  `≤ ${GOALS.oneFile}×`,
  rows.oneFile.ratio <= GOALS.oneFile,
  `ours ${ms(rows.oneFile.ours.cpuMs)} CPU, ${rows.oneFile.ours.maxRssMB.toFixed(0)} MB, ${faults(rows.oneFile.ours.pageFaults)}; node -e 0 ${ms(rows.oneFile.yardstick.cpuMs)}, ${rows.oneFile.yardstick.maxRssMB.toFixed(0)} MB, ${faults(rows.oneFile.yardstick.pageFaults)}`,
);
add(
  rows.perFile.label,
  x(rows.perFile.ratio),
  `≤ ${GOALS.perFile}×`,
  rows.perFile.ratio <= GOALS.perFile,
  `ours ${ms(rows.perFile.oursMsPerFile)} (${faults(rows.perFile.oursFaultsPerFile)}), plistlib ${ms(rows.perFile.plistlibMsPerFile)} (${faults(rows.perFile.plistlibFaultsPerFile)})` +
    (rows.perFile.xmllintMsPerFile !== null ? `, xmllint ${ms(rows.perFile.xmllintMsPerFile)} (ours ÷ xmllint ${x(rows.perFile.ratioVsXmllint)})` : ''),
);
add(
  rows.big.label,
  `${x(rows.big.ratio)}, ${rows.big.peakMB.toFixed(0)} MB`,
  `≤ ${GOALS.big}×, ≤ ${GOALS.bigPeakMB} MB`,
  rows.big.ratio <= GOALS.big && rows.big.peakMB <= GOALS.bigPeakMB,
  `ours ${ms(rows.big.ours.cpuMs)} (${faults(rows.big.ours.pageFaults)}), plistlib ${ms(rows.big.plistlib.cpuMs)} (${rows.big.plistlib.maxRssMB.toFixed(0)} MB, ${faults(rows.big.plistlib.pageFaults)})` +
    (rows.big.xmllint ? `, xmllint ${ms(rows.big.xmllint.cpuMs)} (${rows.big.xmllint.maxRssMB.toFixed(0)} MB)` : ''),
);
for (const key of ['serverEdit', 'completion']) {
  const r = rows[key];
  if (r) add(r.label, r.measuredText, r.goalText, r.pass, r.detail);
}
console.log('');
for (const t of table) {
  console.log(`${verdict(t.pass)}  ${t.label}`);
  console.log(`      measured ${t.measured}   goal ${t.goal}   (${t.detail})`);
}
console.log(`      in process, for reference: ${rows.inProcess.label}: ${ms(rows.inProcess.ms)}`);
console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);

const resultsDir = join(here, 'bench-results');
mkdirSync(resultsDir, { recursive: true });
const out = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    node: process.version,
    python: pythonVersion,
    xmllint: xmllintVersion ?? null,
    platform: process.platform,
    loadAverage: (await import('node:os')).loadavg(),
  },
  measured: relative(here, measured) || '.',
  corpus: { dir: corpusLabel, files: files.length, bytes: totalBytes },
  bigProfile: { bytes: big.bytes, payloads: big.payloads, from: relative(here, EXAMPLE) },
  rounds,
  method: 'CPU time = user + sys of the child (os.wait4); ratio = median over paired rounds of ours ÷ yardstick; pageFaults = ru_minflt',
  table: table.map((t) => ({ ...t, pass: t.pass ?? null })),
  rows,
};
writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify(out, null, 2) + '\n');
console.log(`Written: ${relative(process.cwd(), join(resultsDir, 'latest.json'))}`);
