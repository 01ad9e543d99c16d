/** `dps-profiles simulate` as a user runs it: formats, exit codes, the matrix, bad input. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..');
const bin = join(root, 'bin', 'dps-profiles.js');

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, 'simulate', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('json: the timeline with step ids and statuses; exit 0 when registration works', () => {
  const r = cli(['examples/okta-dps-psso2.mobileconfig', '--macos', '14.5', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.version, 1);
  assert.deepEqual(out.files, ['examples/okta-dps-psso2.mobileconfig']);
  assert.equal(out.timeline.macOS, '14.5');
  assert.equal(out.timeline.outcomeStatus, 'ok');
  const reg = out.timeline.steps.find((s: { id: string }) => s.id === 'registration');
  assert.equal(reg.status, 'ok');
  assert.ok(reg.drivers.some((d: { keyPath?: string; range?: unknown }) => d.keyPath === 'PayloadContent[0].PlatformSSO.UseSharedDeviceKeys' && d.range));
});

test('text: one line per step and the outcome; exit 1 when a step fails', () => {
  const r = cli(['examples/okta-dps-psso2.mobileconfig', '--macos', '13']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^ {2}FAIL {2}The registration notification appears {2}\[DPS415\]$/m);
  assert.match(r.stdout, /^Outcome: Desktop Password Sync does not work on macOS 13\.0/m);
});

test('a scenario file sets the device and org facts; --macos overrides its macOS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dps-sim-'));
  try {
    const file = join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify({ macOS: '13.0', device: { touchIdEnrolled: false }, org: { fastPassRequiresBiometrics: true } }));
    const r = cli(['examples/okta-dps-psso2.mobileconfig', '--scenario', file, '--macos', '15.0', '--format', 'json']);
    assert.equal(r.code, 1);
    const t = JSON.parse(r.stdout).timeline;
    assert.equal(t.macOS, '15.0');
    assert.equal(t.steps.find((s: { id: string }) => s.id === 'touch-id').status, 'fails');
    writeFileSync(file, JSON.stringify({ delivery: 'carrier-pigeon' }));
    const bad = cli(['examples/okta-dps-psso2.mobileconfig', '--scenario', file]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /"delivery" must be one of mdm-device, mdm-user, manual/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('html to a file: one self-contained document', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dps-sim-'));
  try {
    const out = join(dir, 'report.html');
    const r = cli(['examples/', '--macos', '15.0', '--format', 'html', '--output', out]);
    assert.equal(r.stdout, '');
    const html = readFileSync(out, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.ok(!/<script|<link|<img/i.test(html));
    assert.ok(html.includes('data-step-id="registration-notification"'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--matrix compares 13, 14, 15 and 26 and marks the rows that differ', () => {
  const r = cli(['examples/okta-dps-psso2.mobileconfig', '--matrix']);
  assert.equal(r.code, 1, 'macOS 13 fails');
  assert.match(r.stdout, /Step\s+13\.0\s+14\.0\s+15\.0\s+26\.0/);
  assert.match(r.stdout, /^ \* {2}The registration notification appears\s+FAIL\s+ok\s+ok\s+ok/m);
  const json = JSON.parse(cli(['examples/okta-dps-psso2.mobileconfig', '--matrix', '-f', 'json']).stdout);
  assert.deepEqual(json.matrix.versions, ['13.0', '14.0', '15.0', '26.0']);
});

test('usage errors exit 2', () => {
  assert.equal(cli([]).code, 2);
  assert.equal(cli(['examples/', '--macos', 'fourteen']).code, 2);
  assert.equal(cli(['examples/', '--format', 'sarif']).code, 2);
  assert.equal(cli(['no-such-folder/']).code, 2);
  const help = cli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: dps-profiles simulate/);
});
