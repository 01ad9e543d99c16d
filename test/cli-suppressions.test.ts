// The CLI honours the suppression comments and reports unused ones on request (DPS010).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'dps-profiles.js');
const CLEAN = fs.readFileSync(path.join(root, 'test', 'fixtures', 'precommit', 'clean.mobileconfig'), 'utf8');
const UNKNOWN = CLEAN.replace(
  '\t<string>Pre-commit test profile</string>\n',
  '\t<string>Pre-commit test profile</string>\n\t<key>AgentSetting</key>\n\t<string>a</string>\n',
);

function check(text: string, ...flags: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-suppress-'));
  fs.writeFileSync(path.join(dir, 'p.mobileconfig'), text);
  const r = spawnSync(process.execPath, [bin, 'check', '--format', 'json', ...flags, 'p.mobileconfig'], { cwd: dir, encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: r.status, codes: (JSON.parse(r.stdout).files[0].diagnostics as { code: string }[]).map((d) => d.code) };
}

test('check: a disable-next-line comment silences the problem; the unused one is DPS010 only with the flag', () => {
  assert.deepEqual(check(UNKNOWN).codes, ['DPS302']);
  const silenced = UNKNOWN.replace(
    '\t<key>AgentSetting</key>',
    '\t<!-- dps-profiles-disable-next-line DPS302 - read by our agent -->\n\t<key>AgentSetting</key>',
  );
  assert.deepEqual(check(silenced), { status: 0, codes: [] });
  assert.deepEqual(check(silenced, '--report-unused-disable-directives'), { status: 0, codes: [] });
  const stale = CLEAN.replace(
    '\t<key>PayloadDisplayName</key>\n\t<string>Pre-commit',
    '\t<!-- dps-profiles-disable-next-line DPS302 -->\n\t<key>PayloadDisplayName</key>\n\t<string>Pre-commit',
  );
  assert.deepEqual(check(stale), { status: 0, codes: [] });
  assert.deepEqual(check(stale, '--report-unused-disable-directives'), { status: 0, codes: ['DPS010'] });
  assert.deepEqual(check(stale, '--report-unused-disable-directives', '--severity', 'DPS010=error'), { status: 1, codes: ['DPS010'] });
});

test('check --fix --report-unused-disable-directives removes the comment that silences nothing, line and all', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-suppress-fix-'));
  const stale = CLEAN.replace(
    '\t<key>PayloadDisplayName</key>\n\t<string>Pre-commit',
    '\t<!-- dps-profiles-disable-next-line DPS302 -->\n\t<key>PayloadDisplayName</key>\n\t<string>Pre-commit',
  );
  fs.writeFileSync(path.join(dir, 'p.mobileconfig'), stale);
  const r = spawnSync(process.execPath, [bin, 'check', '--fix', '--report-unused-disable-directives', 'p.mobileconfig'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /fixed 1 problem in p\.mobileconfig/);
  assert.equal(fs.readFileSync(path.join(dir, 'p.mobileconfig'), 'utf8'), CLEAN);
  fs.rmSync(dir, { recursive: true, force: true });
});
