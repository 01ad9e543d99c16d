// The GitHub composite action (action.yml), outside GitHub: its "Check profiles" step's script runs in
// bash with the environment the runner would give it. It checks once and writes both the SARIF file
// and the annotations from that one run; the exit code goes to $GITHUB_OUTPUT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'dps-profiles.js');

interface Step {
  id?: string;
  name?: string;
  run?: string;
  env?: Record<string, string>;
}
const action = yaml.load(fs.readFileSync(path.join(root, 'action.yml'), 'utf8')) as {
  runs: { using: string; steps: Step[] };
  inputs: Record<string, { default: string }>;
};
const checkStep = action.runs.steps.find((s) => s.id === 'check')!;

function runStep(inputs: { paths: string; args?: string; annotations: 'true' | 'false' }) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-action-'));
  fs.mkdirSync(path.join(work, 'profiles'));
  const clean = fs.readFileSync(path.join(root, 'test', 'fixtures', 'precommit', 'clean.mobileconfig'), 'utf8');
  fs.writeFileSync(
    path.join(work, 'profiles', 'broken.mobileconfig'),
    clean.replace('<integer>1</integer>\n</dict>', '<integer>1</integer>\n</dictt>\n</dict>'),
  );
  // A shim in front of the real bin that counts how often the step runs dps-profiles.
  const counter = path.join(work, 'runs.log');
  const shim = path.join(work, 'dps-shim.js');
  fs.writeFileSync(
    shim,
    `require('fs').appendFileSync(${JSON.stringify(counter)}, process.argv.slice(2).join(' ') + '\\n');\nrequire(${JSON.stringify(bin)});\n`,
  );
  const output = path.join(work, 'github-output');
  fs.writeFileSync(output, '');
  const r = spawnSync('bash', ['-e', '-c', checkStep.run!], {
    cwd: work,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      GITHUB_OUTPUT: output,
      DPS_PATHS: inputs.paths,
      DPS_ARGS: inputs.args ?? '',
      DPS_SARIF: 'reports/dps-profiles.sarif',
      DPS_ANNOTATIONS: inputs.annotations,
      DPS_BIN: shim,
    },
  });
  const runs = fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8').trim().split('\n') : [];
  const sarifPath = path.join(work, 'reports', 'dps-profiles.sarif');
  const sarif = fs.existsSync(sarifPath) ? JSON.parse(fs.readFileSync(sarifPath, 'utf8')) : undefined;
  const result = { status: r.status, stdout: r.stdout, stderr: r.stderr, runs, sarif, githubOutput: fs.readFileSync(output, 'utf8') };
  fs.rmSync(work, { recursive: true, force: true });
  return result;
}

test('action.yml: a composite action whose check step reads its inputs from the environment', () => {
  assert.equal(action.runs.using, 'composite');
  assert.ok(checkStep.run);
  assert.equal(checkStep.env?.DPS_SARIF, '${{ inputs.sarif-file }}');
  assert.equal(action.inputs.annotations.default, 'true');
});

test('the check step runs dps-profiles once and writes the SARIF file and the annotations from that run', () => {
  const r = runStep({ paths: 'profiles', annotations: 'true' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.runs.length, 1, `dps-profiles ran ${r.runs.length} times: ${r.runs.join(' | ')}`);
  assert.match(r.stdout, /^::error file=profiles\/broken\.mobileconfig,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=DPS101 xml-not-well-formed::/m);
  assert.equal(r.sarif.version, '2.1.0');
  const results = r.sarif.runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
  assert.ok(results.some((x) => x.ruleId === 'DPS101' && x.locations[0].physicalLocation.artifactLocation.uri.endsWith('profiles/broken.mobileconfig')));
  // The same findings in both reports.
  assert.equal((r.stdout.match(/^::error /gm) ?? []).length, results.length);
  assert.equal(r.githubOutput, 'exit-code=1\n');
});

test('annotations off: SARIF only; a usage error is exit code 2 in the output, the step itself passes', () => {
  const quiet = runStep({ paths: 'profiles', annotations: 'false' });
  assert.equal(quiet.runs.length, 1);
  assert.doesNotMatch(quiet.stdout, /::error/);
  assert.ok(quiet.sarif.runs[0].results.length > 0);
  assert.equal(quiet.githubOutput, 'exit-code=1\n');

  const missing = runStep({ paths: 'nowhere', annotations: 'true' });
  assert.equal(missing.status, 0);
  assert.equal(missing.githubOutput, 'exit-code=2\n');
});
