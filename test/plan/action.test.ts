/**
 * The GitHub action's plan step, run as bash against a real git repository:
 * it plans against the pull request's base commit and posts one comment,
 * edited on the next push. `gh` is a stand-in that records the API calls
 * (GitHub itself is not reachable from a test).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as yamlLib from 'js-yaml';

const root = resolve(__dirname, '..', '..', '..');

interface Step {
  id?: string;
  if?: string;
  env?: Record<string, string>;
  run?: string;
}

test('action.yml: the plan-comment step posts the markdown plan once and then edits that comment', () => {
  const action = yamlLib.load(readFileSync(join(root, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default: string }>;
    outputs: Record<string, { value: string }>;
    runs: { steps: Step[] };
  };
  assert.equal(action.inputs['plan-comment'].default, 'false', 'off unless asked for');
  assert.ok('plan-args' in action.inputs);
  assert.equal(action.outputs['plan-exit-code'].value, '${{ steps.plan.outputs.exit-code }}');
  const step = action.runs.steps.find((s) => s.id === 'plan')!;
  assert.match(step.if!, /inputs\.plan-comment == 'true'/);
  assert.match(step.if!, /pull_request/);

  const dir = mkdtempSync(join(tmpdir(), 'dps-action-plan-'));
  try {
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, 'profiles'), { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
      }).trim();
    git('init', '-q', '-b', 'main');
    copyFileSync(join(root, 'examples', 'macos13', 'okta-dps-psso1-macos13.mobileconfig'), join(repo, 'profiles', 'okta.mobileconfig'));
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    const base = git('rev-parse', 'HEAD');
    copyFileSync(join(root, 'test', 'fixtures', 'plan', 'psso1-to-psso2', 'after', 'okta-dps.mobileconfig'), join(repo, 'profiles', 'okta.mobileconfig'));
    git('commit', '-q', '-am', 'PSSO 2.0');

    // gh: list comments from a file, record every call with its body.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const calls = join(dir, 'calls.log');
    writeFileSync(join(dir, 'comments.json'), '[]');
    writeFileSync(
      join(bin, 'gh'),
      `#!/bin/bash
echo "gh $*" >> "${calls}"
if [ "$1 $2" = "api --paginate" ]; then
  node -e 'const c=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));for(const x of c) if (x.body.startsWith("<!-- dps-profiles-plan -->")) console.log(x.id)' "${join(dir, 'comments.json')}"
  exit 0
fi
for a in "$@"; do case "$a" in body=*) printf '%s' "\${a#body=}" > "${join(dir, 'body.md')}";; esac; done
`,
    );
    chmodSync(join(bin, 'gh'), 0o755);
    const run = () => {
      const output = join(dir, 'github-output');
      writeFileSync(output, '');
      const env = {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        DPS_PATHS: 'profiles',
        DPS_PLAN_ARGS: '',
        DPS_BASE_SHA: base,
        DPS_PR: '7',
        DPS_BIN: join(root, 'bin', 'dps-profiles.js'),
        GH_TOKEN: 'unused',
        GITHUB_OUTPUT: output,
        GITHUB_REPOSITORY: 'acme/profiles',
        RUNNER_TEMP: dir,
      };
      const r = spawnSync('bash', ['-e', '-c', step.run!], { cwd: repo, env, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return readFileSync(output, 'utf8');
    };

    assert.match(run(), /^exit-code=1$/m, 'the migration affects users');
    let log = readFileSync(calls, 'utf8');
    assert.match(log, /gh api -X POST repos\/acme\/profiles\/issues\/7\/comments -f body=/);
    const body = readFileSync(join(dir, 'body.md'), 'utf8');
    assert.ok(body.startsWith('<!-- dps-profiles-plan -->\n### dps-profiles plan:'));
    assert.match(body, /\| macOS 14\.0 \| ℹ️ new prompt, new SCEP cert \| ⚠️ re-register, new SCEP cert \| n\/a \|/);
    assert.match(body, /Migration recognised: \*\*Platform SSO 1\.0 → 2\.0/);

    // The next push finds the comment by its marker and edits it.
    writeFileSync(
      join(dir, 'comments.json'),
      JSON.stringify([
        { id: 41, body: 'unrelated' },
        { id: 42, body },
      ]),
    );
    writeFileSync(calls, '');
    run();
    log = readFileSync(calls, 'utf8');
    assert.match(log, /gh api -X PATCH repos\/acme\/profiles\/issues\/comments\/42 -f body=/);
    assert.doesNotMatch(log, /-X POST/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
