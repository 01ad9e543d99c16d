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
