// Adopting dps-profiles on a repository that already has findings: per-path "overrides" in
// .dps-profiles.json, and a baseline (--write-baseline, then --baseline) so CI fails only on new findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'dps-profiles.js');
const CLEAN = fs.readFileSync(path.join(root, 'test', 'fixtures', 'precommit', 'clean.mobileconfig'), 'utf8');
const withUnknownKey = (key: string, text = CLEAN) =>
  text.replace('\t<string>Pre-commit test profile</string>\n', `\t<string>Pre-commit test profile</string>\n\t<key>${key}</key>\n\t<string>x</string>\n`);

function repo(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-adopt-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function check(cwd: string, ...args: string[]) {
  // --per-file: the test profiles share identifiers and UUIDs, which is not what these tests are about.
  const r = spawnSync(process.execPath, [bin, 'check', '--format', 'json', '--per-file', ...args], { cwd, encoding: 'utf8' });
  const report = r.stdout ? JSON.parse(r.stdout) : { files: [] };
  const found = (report.files as { path: string; diagnostics: { code: string; severity: string }[] }[]).flatMap((f) =>
    f.diagnostics.map((d) => `${f.path} ${d.code} ${d.severity}`),
  );
  return { status: r.status, found, stderr: r.stderr };
}

test('overrides: severities per path (globs relative to the config file), merged in order', () => {
  const dir = repo({
    '.dps-profiles.json': JSON.stringify({
      severity: { DPS302: 'error' },
      overrides: [
        { files: ['legacy/**'], severity: { DPS302: 'off' } },
        { files: ['vendor/*.mobileconfig'], severity: { DPS302: 'info' } },
      ],
    }),
    'current/a.mobileconfig': withUnknownKey('Agent'),
    'legacy/old/b.mobileconfig': withUnknownKey('Agent'),
    'vendor/c.mobileconfig': withUnknownKey('Agent'),
  });
  const r = check(dir, '.');
  assert.deepEqual(r.found, ['current/a.mobileconfig DPS302 error', 'vendor/c.mobileconfig DPS302 info']);
  assert.equal(r.status, 1);
  // From a subfolder, the globs still count from the config file's folder.
  assert.deepEqual(check(path.join(dir, 'legacy'), '.').found, []);
});

test('overrides: a malformed entry is reported and ignored, not fatal', () => {
  const dir = repo({
    '.dps-profiles.json': JSON.stringify({ overrides: [{ files: 'x/**', severity: { DPS302: 'loud' } }, { severity: {} }] }),
    'a.mobileconfig': CLEAN,
  });
  const r = check(dir, '.');
  assert.equal(r.status, 0);
  assert.match(r.stderr, /overrides\[0\]\.severity for DPS302 must be one of/);
  assert.match(r.stderr, /overrides\[1\]\.files must be a non-empty list of globs/);
});

test('baseline: --write-baseline records the findings; with --baseline only new findings count (here: warnings fail, --max-warnings 0)', () => {
  const dir = repo({ 'p/a.mobileconfig': withUnknownKey('Agent'), 'p/b.mobileconfig': CLEAN });
  assert.equal(check(dir, 'p', '--max-warnings', '0').status, 1);
  const written = check(dir, 'p', '--max-warnings', '0', '--baseline', 'dps-baseline.json', '--write-baseline');
  assert.equal(written.status, 0);
  assert.match(written.stderr, /wrote 1 findings to the baseline dps-baseline\.json/);
  const baseline = JSON.parse(fs.readFileSync(path.join(dir, 'dps-baseline.json'), 'utf8'));
  assert.deepEqual(Object.keys(baseline.findings), ['p/a.mobileconfig']);

  // Unchanged: clean against the baseline, even after lines move.
  fs.writeFileSync(path.join(dir, 'p/a.mobileconfig'), withUnknownKey('Agent').replace('<dict>\n', '<dict>\n\t<!-- moved down a line -->\n'));
  const same = check(dir, 'p', '--max-warnings', '0', '--baseline', 'dps-baseline.json');
  assert.deepEqual(same, { status: 0, found: [], stderr: same.stderr });
  assert.match(same.stderr, /1 finding of the baseline dps-baseline\.json left out/);

  // A new finding fails; the old one stays out.
  fs.writeFileSync(path.join(dir, 'p/b.mobileconfig'), withUnknownKey('Other'));
  const added = check(dir, 'p', '--max-warnings', '0', '--baseline', 'dps-baseline.json');
  assert.equal(added.status, 1);
  assert.deepEqual(added.found, ['p/b.mobileconfig DPS302 warning']);

  // Fixed findings leave stale entries, which the run points out.
  fs.writeFileSync(path.join(dir, 'p/a.mobileconfig'), CLEAN);
  assert.match(check(dir, 'p', '--max-warnings', '0', '--baseline', 'dps-baseline.json').stderr, /1 baseline entry matches nothing any more/);
});

test('baseline: a missing or foreign file is a usage error (exit 2)', () => {
  const dir = repo({ 'a.mobileconfig': CLEAN, 'other.json': '{"a":1}' });
  assert.equal(check(dir, '.', '--baseline', 'missing.json').status, 2);
  const foreign = check(dir, '.', '--baseline', 'other.json');
  assert.equal(foreign.status, 2);
  assert.match(foreign.stderr, /not a dps-profiles baseline/);
});

test('no report or baseline is written over a profile being checked (a typo in a CI command must not destroy it)', () => {
  const dir = repo({ 'p/a.mobileconfig': CLEAN, 'p/b.mobileconfig': CLEAN });
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'check', ...args], { cwd: dir, encoding: 'utf8' });
  const cases: [string[], RegExp][] = [
    [['p/a.mobileconfig', '--baseline', 'p/a.mobileconfig', '--write-baseline'], /--write-baseline \(p\/a\.mobileconfig\) names a file being read/],
    [['p', '-o', './p/b.mobileconfig'], /--output \.\/p\/b\.mobileconfig names a file being read/],
    [['p/a.mobileconfig', '--fix', '--report-file', 'json=p/../p/a.mobileconfig'], /--report-file json=p\/\.\.\/p\/a\.mobileconfig names a file being read/],
    [['p/a.mobileconfig', '-o', 'r.json', '--report-file', 'json=./r.json'], /name the same file/],
  ];
  for (const [args, message] of cases) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  // A hard link to a profile, a sibling read as --folder-context, the file --stdin-filename names.
  fs.linkSync(path.join(dir, 'p', 'a.mobileconfig'), path.join(dir, 'hard.txt'));
  const readToo: [string[], RegExp][] = [
    [['p/a.mobileconfig', '-o', 'hard.txt'], /--output hard\.txt names a file being read/],
    [['p/a.mobileconfig', '--folder-context', '-o', 'p/b.mobileconfig'], /--output p\/b\.mobileconfig names a file being read/],
  ];
  for (const [args, message] of readToo) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  const stdin = spawnSync(process.execPath, [bin, 'check', '--stdin', '--stdin-filename', 'p/a.mobileconfig', '-o', 'p/a.mobileconfig'], {
    cwd: dir,
    input: CLEAN,
    encoding: 'utf8',
  });
  assert.equal(stdin.status, 2, stdin.stderr);
  for (const name of ['a', 'b']) assert.equal(fs.readFileSync(path.join(dir, 'p', `${name}.mobileconfig`), 'utf8'), CLEAN);
  // Not a profile: /dev/null may take every report.
  if (process.platform !== 'win32') assert.equal(run('p/a.mobileconfig', '-o', '/dev/null', '--report-file', 'sarif=/dev/null').status, 0);
  assert.equal(fs.existsSync(path.join(dir, 'r.json')), false);
  // A report beside the profiles, under another name, is written as before.
  assert.equal(run('p', '--per-file', '-o', 'p/report.txt').status, 0);
  assert.ok(fs.existsSync(path.join(dir, 'p', 'report.txt')));
});

test('--max-warnings counts the warnings past the 1,000-problem cap, and --quiet never shows the green line over the limit', () => {
  // 1,500 unknown keys: 1,000 listed, the rest in one DPS125, and 1,500 warnings all the same.
  const many = withUnknownKey(Array.from({ length: 1500 }, (_, i) => `Unknown${i}`).join('</key><string>x</string><key>'));
  const dir = repo({
    'many.mobileconfig': many,
    'one.mobileconfig': withUnknownKey('UnknownKey'),
    'broken.mobileconfig': '<plist><dict><key>A</key></dict></plist>',
  });
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'check', ...args], { cwd: dir, encoding: 'utf8' });
  const over = run('many.mobileconfig', '--max-warnings', '1001');
  assert.equal(over.status, 1, over.stderr);
  assert.match(over.stderr, /1500 warnings exceed --max-warnings 1001/);
  assert.equal(run('many.mobileconfig', '--max-warnings', '1500').status, 0);

  const quietOver = run('one.mobileconfig', '-q', '--max-warnings', '0');
  assert.equal(quietOver.status, 1);
  assert.doesNotMatch(quietOver.stdout, /✔/);
  assert.match(quietOver.stdout, /no errors, but 1 warning \(not listed: --quiet\) exceed --max-warnings/);
  const withError = run('one.mobileconfig', 'broken.mobileconfig', '-q', '--per-file');
  assert.match(withError.stdout, /✖ \d+ problems? \(\d+ errors?, 0 warnings, 0 infos; 1 warning not listed: --quiet\)/);
  const quiet = run('one.mobileconfig', '-q');
  assert.equal(quiet.status, 0);
  assert.match(quiet.stdout, /✔ 1 file checked, no errors \(1 warning not listed: --quiet\)/);
});

test('an empty path argument (an unset shell variable) is a usage error, not the current folder', () => {
  const dir = repo({ 'a.mobileconfig': withUnknownKey('UnknownKey') });
  for (const command of ['check', 'simulate']) {
    const r = spawnSync(process.execPath, [bin, command, ''], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 2, `${command}: ${r.stdout}`);
    assert.match(r.stderr, /an empty argument names no file/);
  }
});

test("baseline: files are named from the baseline's folder, so a run from another working folder still finds them", () => {
  const dir = repo({ 'p/a.mobileconfig': withUnknownKey('Agent'), 'ci/.keep': '' });
  // Written from the repository's root, into a subfolder.
  assert.equal(check(dir, 'p', '--max-warnings', '0', '--baseline', 'ci/bl.json', '--write-baseline').status, 0);
  const baseline = JSON.parse(fs.readFileSync(path.join(dir, 'ci', 'bl.json'), 'utf8'));
  assert.deepEqual(Object.keys(baseline.findings), ['../p/a.mobileconfig']);
  // Read from inside the subfolder: the same file, the same finding.
  const fromCi = check(path.join(dir, 'ci'), '../p', '--max-warnings', '0', '--baseline', 'bl.json');
  assert.deepEqual(fromCi.found, []);
  assert.equal(fromCi.status, 0, fromCi.stderr);
  assert.equal(baseline.paths, 'relative-to-baseline');
  // A baseline written before (no "paths": files named from the working folder of the run) still matches a run from
  // there, and only by those names: a file of the baseline's folder with the same name is not taken for it.
  const old = { version: 1, tool: 'dps-profiles', findings: { 'p/a.mobileconfig': baseline.findings['../p/a.mobileconfig'] } };
  fs.writeFileSync(path.join(dir, 'ci', 'old.json'), JSON.stringify(old));
  assert.equal(check(dir, 'p', '--max-warnings', '0', '--baseline', 'ci/old.json').status, 0);
  fs.mkdirSync(path.join(dir, 'ci', 'p'));
  fs.writeFileSync(path.join(dir, 'ci', 'p', 'a.mobileconfig'), withUnknownKey('Agent'));
  assert.equal(check(dir, 'p', 'ci/p', '--max-warnings', '0', '--baseline', 'ci/old.json').status, 1);
});

test('--deployment makes a missing piece an error even where the config says the certificate comes another way', () => {
  const sso = fs.readFileSync(path.join(root, 'test', 'fixtures', 'rules', 'DPS413-fail-no-extension-settings', 'sso.mobileconfig'), 'utf8');
  const dir = repo({ 'p/sso.mobileconfig': sso, '.dps-profiles.json': JSON.stringify({ deviceAccessScep: 'external' }) });
  const severityOf = (...args: string[]) => {
    const r = spawnSync(process.execPath, [bin, 'check', 'p', '--format', 'json', ...args], { cwd: dir, encoding: 'utf8' });
    const report = JSON.parse(r.stdout) as { files: { diagnostics: { code: string; severity: string }[] }[] };
    return report.files[0].diagnostics.find((d) => d.code === 'DPS413')?.severity;
  };
  assert.equal(severityOf(), 'warning');
  assert.equal(severityOf('--deployment'), 'error');
});
