// Workspace-wide checks: identifier, PayloadUUID and SSO URL collisions across every file of a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkDeployment, checkRun, checkWorkspace, mergeWorkspaceProblems, type CheckResult } from '../server/src/core';

const root = path.resolve(__dirname, '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'workspace');
const cli = path.join(root, 'bin', 'dps-profiles.js');

function deployment(...files: string[]): CheckResult[] {
  return checkDeployment(files.map((f) => ({ documentId: f, fileName: path.basename(f), text: readFileSync(path.join(fixtures, f), 'utf8') })));
}

test('two files with one top-level identifier (DPS210) and one payload UUID (DPS211): reported in the later file, related to the first', () => {
  const results = [...deployment('pilot/sso.mobileconfig'), ...deployment('wifi/copied.mobileconfig')];
  const found = checkWorkspace(results);
  assert.deepEqual([...found.keys()], ['wifi/copied.mobileconfig']);
  const problems = found.get('wifi/copied.mobileconfig')!;
  const dps210 = problems.find((p) => p.code === 'DPS210')!;
  assert.equal(dps210.severity, 'error');
  assert.equal(dps210.keyPath, 'PayloadIdentifier');
  const copied = results[1];
  assert.equal(copied.text.slice(dps210.span.start, dps210.span.end), 'com.example.sso.pilot');
  assert.equal(dps210.related?.[0].documentId, 'pilot/sso.mobileconfig');
  const first = results[0];
  assert.equal(first.text.slice(dps210.related![0].span.start, dps210.related![0].span.end), 'com.example.sso.pilot');

  const dps211 = problems.filter((p) => p.code === 'DPS211');
  assert.equal(dps211.length, 1, 'only the shared payload UUID, not the distinct profile UUID');
  assert.equal(dps211[0].keyPath, 'PayloadContent[0].PayloadUUID');
  assert.equal(copied.text.slice(dps211[0].span.start, dps211[0].span.end), '22222222-2222-4222-8222-222222222222');
});

test('an SSO URL in two deployments is DPS212 (hosts compare without case); in one deployment it is left to DPS405', () => {
  const apart = checkWorkspace([...deployment('pilot/sso.mobileconfig'), ...deployment('prod/sso.mobileconfig')]);
  const dps212 = apart.get('prod/sso.mobileconfig')?.find((p) => p.code === 'DPS212');
  assert.ok(dps212, 'DPS212 across deployments');
  assert.equal(dps212.severity, 'info');
  assert.equal(dps212.keyPath, 'PayloadContent[0].URLs[0]');

  const together = deployment('pilot/sso.mobileconfig', 'prod/sso.mobileconfig');
  assert.ok(
    together[1].problems.some((p) => p.code === 'DPS405'),
    'DPS405 inside one deployment',
  );
  assert.equal(checkWorkspace(together).size, 0, 'no second report of the same collision');
});

test('severity overrides apply, and merging keeps problems sorted', () => {
  const results = [...deployment('pilot/sso.mobileconfig'), ...deployment('wifi/copied.mobileconfig')];
  const found = checkWorkspace(results, { DPS211: 'off', 'profile-identifier-collision': 'warning' });
  const problems = found.get('wifi/copied.mobileconfig')!;
  assert.deepEqual(
    problems.map((p) => `${p.code}:${p.severity}`),
    ['DPS210:warning'],
  );
  mergeWorkspaceProblems(results, found);
  const starts = results[1].problems.map((p) => p.span.start);
  assert.deepEqual(
    starts,
    [...starts].sort((a, b) => a - b),
  );
  assert.ok(results[1].problems.some((p) => p.code === 'DPS210'));
});

test('the same file checked twice is not a collision with itself', () => {
  const once = deployment('pilot/sso.mobileconfig');
  assert.equal(checkWorkspace([...once, ...once]).size, 0);
});

test('dps-profiles check on the folder: collisions across deployments and a summary per deployment folder', () => {
  const r = spawnSync(process.execPath, [cli, 'check', 'test/fixtures/workspace', '--no-color'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(
    r.stdout,
    /wifi\/copied\.mobileconfig:33:10 +error +The profile identifier "com\.example\.sso\.pilot" is also used by test\/fixtures\/workspace\/pilot\/sso\.mobileconfig.*DPS210/,
  );
  assert.match(r.stdout, /wifi\/copied\.mobileconfig:15:12 +error .*DPS211/);
  assert.match(r.stdout, /prod\/sso\.mobileconfig:26:13 +info .*DPS212/);
  assert.match(
    r.stdout,
    /\ndeployment test\/fixtures\/workspace\/pilot +1 file: 0 errors, 0 warnings, 0 infos\ndeployment test\/fixtures\/workspace\/prod +1 file: 0 errors, 0 warnings, 1 info\ndeployment test\/fixtures\/workspace\/wifi +1 file: 2 errors, 0 warnings, 0 infos\n\n✖ 3 problems/,
  );

  // --per-file: no cross-file checks at all.
  const alone = spawnSync(process.execPath, [cli, 'check', 'test/fixtures/workspace', '--per-file', '--no-color'], { cwd: root, encoding: 'utf8' });
  assert.equal(alone.status, 0, alone.stdout + alone.stderr);
  assert.doesNotMatch(alone.stdout, /DPS21[012]/);
});

test('a folder of 130,000 profiles is checked, not lost to a stack overflow', () => {
  // Past ~120,000 arguments a spread call overflows V8's stack; the results of one folder were once spread.
  const inputs = Array.from({ length: 130_000 }, (_, i) => ({ documentId: `big-folder/${i}.mobileconfig`, fileName: `${i}.mobileconfig`, text: '' }));
  const { results } = checkRun(inputs, { grouping: 'folder' });
  assert.equal(results.length, inputs.length);
  assert.equal(results[129_999].documentId, 'big-folder/129999.mobileconfig');
});
