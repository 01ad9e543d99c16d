// The pre-commit hooks exactly as published: `pre-commit try-repo <clone of this repository>` installs
// the hook the way pre-commit installs any `language: node` hook repository (`npm install` in the clone,
// `npm install -g "$(npm pack)"` into the hook's environment) and runs it. Only the npm registry is
// reachable in CI, so npm runs with --offline from the cache `npm ci` filled for this checkout.
// (test/precommit.test.ts runs the same hooks as `language: system` against this checkout: fast, but it
// does not install anything.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'precommit');

const haveTools =
  spawnSync('pre-commit', ['--version']).status === 0 && spawnSync('git', ['--version']).status === 0 && spawnSync('npm', ['--version']).status === 0;
const skip = haveTools ? false : 'pre-commit, git or npm is not installed (apt-get install -y pre-commit git)';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-precommit-published-'));
const clone = path.join(work, 'dps-profiles');
const project = path.join(work, 'project');
const home = path.join(work, 'home');

/** The environment of a developer's shell: no settings of an enclosing `npm test`, npm offline on this checkout's cache. */
function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) e[k] = v;
  const cache = spawnSync('npm', ['config', 'get', 'cache'], { cwd: root, env: e, encoding: 'utf8' }).stdout.trim();
  return {
    ...e,
    HOME: home,
    // One hook environment for every test here: pre-commit installs the repository once per revision.
    PRE_COMMIT_HOME: path.join(home, 'pre-commit-cache'),
    npm_config_cache: cache,
    npm_config_offline: 'true',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    NO_COLOR: '1',
  };
}

function run(cwd: string, command: string, args: string[]): SpawnSyncReturns<string> {
  const r = spawnSync(command, args, { cwd, env: env(), encoding: 'utf8' });
  if (r.error) throw r.error;
  return r;
}

/** A clone of this repository as it is now: the committed history plus the working tree's changes, committed. */
function cloneWorkingTree(): void {
  assert.equal(run(work, 'git', ['clone', '-q', '--no-hardlinks', root, clone]).status, 0);
  const listed = run(root, 'git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard']).stdout.split('\0').filter(Boolean);
  for (const file of listed) {
    const from = path.join(root, file);
    const to = path.join(clone, file);
    if (!fs.existsSync(from)) {
      fs.rmSync(to, { force: true });
      continue;
    }
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }
  run(clone, 'git', ['add', '-A']);
  run(clone, 'git', ['commit', '-q', '-m', 'working tree', '--allow-empty']);
}

before(() => {
  if (!haveTools) return;
  fs.mkdirSync(home);
  cloneWorkingTree();
  fs.mkdirSync(project);
  assert.equal(run(project, 'git', ['init', '-q', '-b', 'main']).status, 0);
});

after(() => fs.rmSync(work, { recursive: true, force: true }));

function quoted(output: string): string {
  return output
    .split('\n')
    .map((l) => `  | ${l}`)
    .join('\n');
}

// One try-repo run for both hooks: try-repo installs the hook repository into a fresh store every time
// (`npm install` of the clone with its dev dependencies, the build, `npm pack`, `npm install -g`).
test(
  'pre-commit try-repo <clone> (language: node, as published): the check hook refuses a broken profile, the fix hook fixes what it says',
  { skip, timeout: 900_000 },
  () => {
    const clean = fs.readFileSync(path.join(fixtures, 'clean.mobileconfig'), 'utf8');
    fs.writeFileSync(path.join(project, 'broken.mobileconfig'), clean.replace('<integer>1</integer>\n</dict>', '<integer>1</integer>\n</dictt>\n</dict>'));
    fs.mkdirSync(path.join(project, 'okta'));
    for (const f of ['sso.mobileconfig', 'z-rest-of-deployment.mobileconfig'])
      fs.copyFileSync(path.join(fixtures, 'fixable', f), path.join(project, 'okta', f));
    run(project, 'git', ['add', '.']);

    const started = Date.now();
    const r = run(project, 'pre-commit', ['try-repo', clone, '--files', 'broken.mobileconfig', 'okta/sso.mobileconfig']);
    const output = r.stdout + r.stderr;
    console.log(`  pre-commit try-repo (installs the hook from the clone, runs both hooks): ${Date.now() - started} ms\n${quoted(output)}`);
    assert.equal(r.status, 1, output);

    // The check hook: the broken profile is refused with its diagnostics.
    assert.match(output, /dps-profiles \(check Apple configuration profiles\)\.+Failed/);
    assert.match(output, /broken\.mobileconfig:\d+:\d+ +error .*DPS101/);

    // The fix hook: it rewrote the fixable profile (pre-commit fails a hook that modified files, so the user
    // reviews and stages the fix), and the file is exactly the fixed one.
    assert.match(output, /dps-profiles \(apply safe fixes to Apple configuration profiles\)\.+Failed/);
    assert.match(output, /files were modified by this hook/);
    assert.match(output, /fixed 1 problem in okta\/sso\.mobileconfig/);
    assert.equal(
      fs.readFileSync(path.join(project, 'okta', 'sso.mobileconfig'), 'utf8'),
      fs.readFileSync(path.join(fixtures, 'fixable', 'sso.mobileconfig.fixed'), 'utf8'),
    );
  },
);
