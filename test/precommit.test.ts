// The pre-commit framework, for real: a throwaway git repository whose .pre-commit-config.yaml
// holds our hooks from .pre-commit-hooks.yaml as `repo: local` hooks (language: system, entry
// pointing at this checkout's bin/dps-profiles.js), so the test needs no npm registry.
// The manifest itself is validated with `pre-commit validate-manifest`. This is the fast unit test of the
// hooks' behaviour; test/precommit-published.test.ts installs them as published (language: node, try-repo).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'dps-profiles.js');
const fixtures = path.join(root, 'test', 'fixtures', 'precommit');
const manifestPath = path.join(root, '.pre-commit-hooks.yaml');

const haveTools = spawnSync('pre-commit', ['--version']).status === 0 && spawnSync('git', ['--version']).status === 0;
const skip = haveTools ? false : 'pre-commit or git is not installed (apt-get install -y pre-commit git)';

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files: string;
  types?: string[];
  require_serial?: boolean;
}

const manifest = yaml.load(readFileSync(manifestPath, 'utf8')) as Hook[];

function sh(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: 'utf8' });
}

/** A git repository with our hooks installed; `hookIds` picks which ones run, in that order. */
function repository(hookIds: string[]): { dir: string; git: (...args: string[]) => SpawnSyncReturns<string> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'dps-precommit-'));
  const home = mkdtempSync(path.join(tmpdir(), 'dps-precommit-home-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    PRE_COMMIT_HOME: path.join(home, 'pre-commit-cache'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    NO_COLOR: '1',
  };
  const git = (...args: string[]) => sh(dir, 'git', args, env);
  assert.equal(git('init', '-q', '-b', 'main').status, 0);
  const hooks = hookIds.map((id) => {
    const hook = manifest.find((h) => h.id === id)!;
    // The manifest's entry starts with the installed bin name; here it is this checkout's bin.
    assert.match(hook.entry, /^dps-profiles /);
    return { ...hook, entry: `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} ${hook.entry.slice('dps-profiles '.length)}`, language: 'system' };
  });
  writeFileSync(path.join(dir, '.pre-commit-config.yaml'), yaml.dump({ repos: [{ repo: 'local', hooks }] }));
  assert.equal(git('add', '.pre-commit-config.yaml').status, 0);
  const install = sh(dir, 'pre-commit', ['install'], env);
  assert.equal(install.status, 0, install.stdout + install.stderr);
  assert.equal(git('commit', '-q', '-m', 'config').status, 0);
  return { dir, git };
}

const CLEAN = readFileSync(path.join(fixtures, 'clean.mobileconfig'), 'utf8');

test('.pre-commit-hooks.yaml: pre-commit accepts it; two hooks, check and fix, matching profiles and the Okta plists', { skip }, () => {
  const r = spawnSync('pre-commit', ['validate-manifest', manifestPath], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.deepEqual(
    manifest.map((h) => h.id),
    ['dps-profiles', 'dps-profiles-fix'],
  );
  for (const hook of manifest) {
    assert.equal(hook.language, 'node');
    assert.equal(hook.require_serial, true, 'one invocation sees a whole folder');
    const files = new RegExp(hook.files);
    for (const name of ['a.mobileconfig', 'dir/b.mobileconfig', 'com.okta.mobile.plist', 'mdm/com.okta.mobile.auth-service-extension.plist'])
      assert.ok(files.test(name), name);
    for (const name of ['README.md', 'x.mobileconfig.bak', 'notcom.okta.mobile.plist', 'com.okta.mobile.plist.orig']) assert.ok(!files.test(name), name);
  }
  assert.match(manifest[1].entry, /--fix/);
});

test('a commit with a broken profile is refused and the diagnostic is shown; a clean one passes', { skip }, () => {
  const { dir, git } = repository(['dps-profiles']);
  mkdirSync(path.join(dir, 'profiles'));
  writeFileSync(path.join(dir, 'profiles', 'broken.mobileconfig'), CLEAN.replace('<integer>1</integer>\n</dict>', '<integer>1</integer>\n</dictt>\n</dict>'));
  git('add', '.');
  const refused = git('commit', '-m', 'broken profile');
  const output = refused.stdout + refused.stderr;
  assert.notEqual(refused.status, 0, output);
  assert.match(output, /dps-profiles \(check Apple configuration profiles\)\.+Failed/);
  assert.match(output, /profiles\/broken\.mobileconfig:\d+:\d+ +error .*DPS101/);
  console.log(
    output
      .split('\n')
      .map((l) => `  | ${l}`)
      .join('\n'),
  );

  writeFileSync(path.join(dir, 'profiles', 'broken.mobileconfig'), CLEAN);
  git('add', '.');
  const passed = git('commit', '-m', 'clean profile');
  assert.equal(passed.status, 0, passed.stdout + passed.stderr);
  assert.match(passed.stdout + passed.stderr, /dps-profiles \(check Apple configuration profiles\)\.+Passed/);
});

test('only the staged file is reported, but its folder is its deployment (siblings are context)', { skip }, () => {
  const { dir, git } = repository(['dps-profiles']);
  mkdirSync(path.join(dir, 'okta'));
  // The fixed SSO profile is fine only together with the rest of its deployment, committed earlier.
  copyFileSync(path.join(fixtures, 'fixable', 'z-rest-of-deployment.mobileconfig'), path.join(dir, 'okta', 'z-rest-of-deployment.mobileconfig'));
  git('add', '.');
  assert.equal(git('commit', '-q', '-m', 'rest', '--no-verify').status, 0);
  copyFileSync(path.join(fixtures, 'fixable', 'sso.mobileconfig.fixed'), path.join(dir, 'okta', 'sso.mobileconfig'));
  git('add', '.');
  const r = git('commit', '-m', 'sso');
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('the fix hook rewrites a fixable file, refuses that commit, and the re-staged fix commits', { skip }, () => {
  const { dir, git } = repository(['dps-profiles-fix', 'dps-profiles']);
  mkdirSync(path.join(dir, 'okta'));
  for (const f of ['sso.mobileconfig', 'z-rest-of-deployment.mobileconfig']) copyFileSync(path.join(fixtures, 'fixable', f), path.join(dir, 'okta', f));
  git('add', '.');
  const first = git('commit', '-m', 'fixable');
  const output = first.stdout + first.stderr;
  assert.notEqual(first.status, 0, output);
  assert.match(output, /files were modified by this hook/);
  assert.match(output, /fixed 1 problem in okta\/sso\.mobileconfig/);
  assert.equal(
    readFileSync(path.join(dir, 'okta', 'sso.mobileconfig'), 'utf8'),
    readFileSync(path.join(fixtures, 'fixable', 'sso.mobileconfig.fixed'), 'utf8'),
  );
  assert.match(output, /dps-profiles \(check Apple configuration profiles\)\.+Passed/, 'the check hook sees the fixed file');

  git('add', '.');
  const second = git('commit', '-m', 'fixed');
  assert.equal(second.status, 0, second.stdout + second.stderr);
});
