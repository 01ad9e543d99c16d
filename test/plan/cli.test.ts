/** `dps-profiles plan` as a user runs it, against a git repository built in a temp folder. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..');
const bin = join(root, 'bin', 'dps-profiles.js');
const fixtures = join(root, 'test', 'fixtures', 'plan');
const macos13 = join(root, 'examples', 'macos13', 'okta-dps-psso1-macos13.mobileconfig');
const migrated = join(fixtures, 'psso1-to-psso2', 'after', 'okta-dps.mobileconfig');

let repo: string;

function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
  });
}

function plan(args: string[], cwd = repo): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, 'plan', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  repo = mkdtempSync(join(tmpdir(), 'dps-plan-'));
  git('init', '-q', '-b', 'main');
  mkdirSync(join(repo, 'profiles', 'macos13'), { recursive: true });
  copyFileSync(macos13, join(repo, 'profiles', 'macos13', 'okta.mobileconfig'));
  copyFileSync(join(root, 'examples', 'okta-dps-psso2.mobileconfig'), join(repo, 'profiles', 'okta.mobileconfig'));
  writeFileSync(join(repo, 'README.txt'), 'not a profile\n');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
});

after(() => rmSync(repo, { recursive: true, force: true }));

test('an unchanged working tree: nothing happens on the Macs, exit 0', () => {
  const r = plan([]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Plan: HEAD \([0-9a-f]{12}\) → working tree$/m);
  assert.match(r.stdout, /No profile changes: nothing happens on the Macs\./);
});

test('the PSSO 1.0 → 2.0 migration of a folder, read from git without touching the work tree; exit 1', () => {
  const status = git('status', '--porcelain');
  copyFileSync(migrated, join(repo, 'profiles', 'macos13', 'okta.mobileconfig'));
  const mtime = statSync(join(repo, 'profiles', 'macos13', 'okta.mobileconfig')).mtimeMs;
  const statusChanged = git('status', '--porcelain');
  try {
    const r = plan(['profiles/macos13', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.version, 1);
    assert.match(out.base, /^HEAD \(/);
    assert.deepEqual(
      out.deployments.map((d: { group: string }) => d.group),
      ['profiles/macos13'],
    );
    const d = out.deployments[0];
    assert.deepEqual(d.filesBefore, ['profiles/macos13/okta.mobileconfig']);
    assert.equal(d.profiles[0].kind, 'updated');
    assert.deepEqual(
      d.migrations.map((m: { id: string }) => m.id),
      ['psso1-to-psso2', 'add-device-access-scep'],
    );
    const cell = d.fleet.find((c: { macOS: string; state: string }) => c.macOS === '14.0' && c.state === 'psso1');
    assert.ok(cell.impacts.some((i: { kind: string }) => i.kind === 'reregistration'));
    assert.ok(out.summary.affectsUsers);
    // Nothing was checked out, staged or rewritten.
    assert.equal(git('status', '--porcelain'), statusChanged);
    assert.notEqual(statusChanged, status);
    assert.equal(statSync(join(repo, 'profiles', 'macos13', 'okta.mobileconfig')).mtimeMs, mtime);
    assert.equal(readFileSync(join(repo, 'profiles', 'macos13', 'okta.mobileconfig'), 'utf8'), readFileSync(migrated, 'utf8'));
    // --fail-on chooses what fails the run.
    assert.equal(plan(['profiles/macos13', '--fail-on', 'install-failure']).code, 0);
    assert.equal(plan(['profiles/macos13', '--fail-on', 'none']).code, 0);
    assert.equal(plan(['profiles/macos13', '--fail-on', 'scep-request']).code, 1);
  } finally {
    git('checkout', '-q', '--', 'profiles/macos13/okta.mobileconfig');
  }
});

test('--base names any revision; a profile deleted since is a removal, not a missing input', () => {
  copyFileSync(join(fixtures, 'client-id-change', 'after', 'okta.mobileconfig'), join(repo, 'profiles', 'okta.mobileconfig'));
  git('commit', '-q', '-am', 'new client id');
  try {
    assert.equal(plan(['profiles']).code, 0, 'nothing changed since HEAD');
    const r = plan(['profiles', '--base', 'HEAD~1']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /Migration: Changing the Desktop Password Sync client ID \[ok\]/);
    unlinkSync(join(repo, 'profiles', 'okta.mobileconfig'));
    const gone = plan(['profiles/okta.mobileconfig', '--format', 'json']);
    assert.equal(gone.code, 1, gone.stderr);
    assert.equal(JSON.parse(gone.stdout).deployments[0].profiles[0].kind, 'removed');
  } finally {
    git('reset', '-q', '--hard', 'HEAD~1');
  }
});

test('markdown for a pull request: the summary table first, the details folded', () => {
  copyFileSync(join(fixtures, 'reinstalled-new-uuid', 'after', 'okta.mobileconfig'), join(repo, 'profiles', 'okta.mobileconfig'));
  try {
    const r = plan(['profiles', '--format', 'markdown']);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.split('\n');
    const table = lines.findIndex((l) => l.startsWith('| Macs in the field |'));
    const details = lines.findIndex((l) => l.startsWith('<details>'));
    assert.ok(table > 0 && details > table, 'table before details');
    assert.match(r.stdout, /\| macOS 14\.0 \| nothing \| n\/a \| ⚠️ re-register \|/);
    assert.equal((r.stdout.match(/<details>/g) ?? []).length, (r.stdout.match(/<\/details>/g) ?? []).length);
    const html = plan(['profiles', '--format', 'html', '-o', 'plan.html']);
    assert.equal(html.code, 1, html.stderr);
    const page = readFileSync(join(repo, 'plan.html'), 'utf8');
    assert.match(page, /Content-Security-Policy" content="default-src 'none'/);
    assert.match(page, /data-macos="14.0" data-state="psso2">re-register</);
    assert.doesNotMatch(page, /<script/);
  } finally {
    git('checkout', '-q', '--', 'profiles/okta.mobileconfig');
    rmSync(join(repo, 'plan.html'), { force: true });
  }
});

test('--from compares two folders without git', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dps-plan-from-'));
  try {
    const r = spawnSync(
      process.execPath,
      [bin, 'plan', join(fixtures, 'org-change', 'after'), '--from', join(fixtures, 'org-change', 'before'), '--format', 'json'],
      { cwd: dir, encoding: 'utf8' },
    );
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.deployments.length, 1);
    assert.equal(out.deployments[0].profiles[0].kind, 'updated', 'the --from file stands for the same path');
    assert.deepEqual(
      out.deployments[0].migrations.map((m: { id: string }) => m.id),
      ['org-change'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage and input errors exit 2 with a clear message', () => {
  const outside = mkdtempSync(join(tmpdir(), 'dps-plan-nogit-'));
  try {
    const noGit = plan([], outside);
    assert.equal(noGit.code, 2);
    assert.match(noGit.stderr, /dps-profiles plan: not inside a git repository; use --from <folder>/);
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
  const badRef = plan(['--base', 'no-such-branch']);
  assert.equal(badRef.code, 2);
  assert.match(badRef.stderr, /unknown revision "no-such-branch"/);
  const dashRef = plan(['--base=--output=x']);
  assert.equal(dashRef.code, 2);
  const badKind = plan(['--fail-on', 'reregistration,typo']);
  assert.equal(badKind.code, 2);
  assert.match(badKind.stderr, /--fail-on: unknown kind "typo"/);
  assert.equal(plan(['--base', 'HEAD', '--from', 'x']).code, 2);
  const missing = plan(['nowhere/']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nowhere\/: no such file or folder/);
  const help = plan(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--fail-on <kinds>/);
});

test('the README example is real: examples/macos13 moved to the 2.0 layout, planned against HEAD', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /```console\n\$ cp (\S+) (\S+)\n\$ npx dps-profiles plan (\S+)\n([\s\S]*?)\$ echo \$\?\n(\d)\n```/.exec(readme);
  assert.ok(block, 'the README has the plan example');
  const [, from, to, target, shown, code] = block;
  mkdirSync(join(repo, 'examples', 'macos13'), { recursive: true });
  copyFileSync(macos13, join(repo, 'examples', 'macos13', 'okta-dps-psso1-macos13.mobileconfig'));
  git('add', 'examples');
  git('commit', '-q', '-m', 'examples');
  try {
    copyFileSync(join(root, from), join(repo, to));
    const r = plan([target]);
    assert.equal(String(r.code), code, r.stderr);
    for (const line of shown.split('\n')) {
      if (!line.trim() || line.includes('…')) continue;
      assert.ok(r.stdout.split('\n').includes(line), `README line not in the output: ${line}`);
    }
  } finally {
    git('reset', '-q', '--hard', 'HEAD~1');
  }
});
