/**
 * Okta layouts that are not DPS mistakes, and the options that decide a judgement
 * (issue 13): schema leniency macOS has (PayloadScope case, SubjectAltName arrays,
 * whitespace before <?xml), where the Device Access certificate comes from, and the
 * preview on a target below macOS 13 or in Secure Enclave mode.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkDeployment, checkText, type CheckResult } from '../server/src/core';
import { applyFixes } from '../server/src/core/fix';
import { normalizeSettings } from '../server/src/core/settings';
import { simulate } from '../server/src/core/simulate';

const root = resolve(__dirname, '..', '..');
const fixture = (dir: string) => join(root, 'test', 'fixtures', 'rules', dir);

function profile(payload: string, scope = 'System'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>PayloadContent</key>
	<array>
${payload}
	</array>
	<key>PayloadIdentifier</key>
	<string>com.example.test</string>
	<key>PayloadScope</key>
	<string>${scope}</string>
	<key>PayloadType</key>
	<string>Configuration</string>
	<key>PayloadUUID</key>
	<string>0E5A3C2B-8D71-4F6A-B9C8-1D2E3F4A5B6C</string>
	<key>PayloadVersion</key>
	<integer>1</integer>
</dict>
</plist>
`;
}

function scep(subjectAltName: string): string {
  return `		<dict>
			<key>PayloadType</key>
			<string>com.apple.security.scep</string>
			<key>PayloadIdentifier</key>
			<string>com.example.test.scep</string>
			<key>PayloadUUID</key>
			<string>1BBAAC93-D060-5743-9738-85333EB1F075</string>
			<key>PayloadVersion</key>
			<integer>1</integer>
			<key>PayloadContent</key>
			<dict>
				<key>URL</key>
				<string>https://ca.example.net/scep</string>
				<key>SubjectAltName</key>
				<dict>
${subjectAltName}
				</dict>
			</dict>
		</dict>`;
}

const codes = (r: CheckResult) => r.problems.map((p) => p.code);

test('PayloadScope in another case is a warning (DPS308) with a safe fix, not DPS304', () => {
  const text = profile(scep('<key>dNSName</key><string>mac.example.net</string>'), 'system');
  const r = checkText(text, { documentId: 'p.mobileconfig' });
  assert.ok(!codes(r).includes('DPS304'), codes(r).join(' '));
  const p = r.problems.find((x) => x.code === 'DPS308');
  assert.equal(p?.severity, 'warning');
  assert.ok(applyFixes(text, [p!], 'p.mobileconfig').text.includes('<string>System</string>'));
  // A value that is not System or User in any case stays an error.
  const bad = checkText(profile(scep(''), 'Device'), { documentId: 'p.mobileconfig' });
  assert.ok(codes(bad).includes('DPS304'));
});

test('SCEP SubjectAltName values may be a string or an array of strings; other types stay errors', () => {
  const ok = checkText(
    profile(
      scep('<key>dNSName</key><array><string>a.example.net</string><string>b.example.net</string></array><key>rfc822Name</key><string>it@example.net</string>'),
    ),
    { documentId: 'p.mobileconfig' },
  );
  assert.deepEqual(
    codes(ok).filter((c) => c.startsWith('DPS3')),
    [],
  );
  const bad = checkText(profile(scep('<key>dNSName</key><integer>4</integer><key>rfc822Name</key><array><integer>1</integer></array>')), {
    documentId: 'p.mobileconfig',
  });
  assert.ok(bad.problems.filter((p) => p.code === 'DPS303').length >= 2, bad.problems.map((p) => p.message).join(' | '));
  assert.ok(bad.problems.some((p) => p.code === 'DPS303' && p.keyPath?.endsWith('dNSName')));
  assert.ok(bad.problems.some((p) => p.code === 'DPS303' && p.keyPath?.includes('rfc822Name')));
});

test('whitespace before <?xml is a warning (DPS123) that says macOS skips it, and the fix removes it', () => {
  const text = `\n  ${profile(scep(''))}`;
  const r = checkText(text, { documentId: 'p.mobileconfig' });
  assert.ok(!codes(r).includes('DPS101'), codes(r).join(' '));
  const p = r.problems.find((x) => x.code === 'DPS123');
  assert.equal(p?.severity, 'warning');
  assert.match(p!.message, /macOS skips it/);
  assert.ok(applyFixes(text, [p!], 'p.mobileconfig').text.startsWith('<?xml'));
  // Anything else before the declaration is still not well formed.
  assert.ok(codes(checkText(`x${profile('')}`, { documentId: 'p.mobileconfig' })).includes('DPS101'));
});

function loadFixture(dir: string): { documentId: string; text: string }[] {
  return ['sso.mobileconfig', 'z-rest-of-deployment.mobileconfig'].map((f) => ({
    documentId: f,
    fileName: f,
    text: readFileSync(join(fixture(dir), f), 'utf8'),
  }));
}

test('DPS414 without the certificate: a warning when undecided, an error with "included", quiet with "external"', () => {
  const inputs = loadFixture('DPS414-fail-undecided-warning');
  const sev = (o: 'included' | 'external' | undefined) =>
    checkDeployment(inputs, { deviceAccessScep: o }).flatMap((r) => r.problems.filter((p) => p.code === 'DPS414').map((p) => p.severity));
  assert.deepEqual(sev(undefined), ['warning']);
  assert.deepEqual(sev('included'), ['error']);
  assert.deepEqual(sev('external'), []);
});

test('the deviceAccessScep setting is read and checked', () => {
  assert.equal(normalizeSettings({ deviceAccessScep: 'external' }).settings.deviceAccessScep, 'external');
  assert.equal(normalizeSettings({ deviceAccessScep: '' }).settings.deviceAccessScep, undefined);
  const bad = normalizeSettings({ deviceAccessScep: 'elsewhere' });
  assert.equal(bad.settings.deviceAccessScep, undefined);
  assert.equal(bad.warnings.length, 1);
});

test('the preview never says DPS works below macOS 13', () => {
  const results = checkDeployment(loadFixture('DPS406-pass-password-sync'));
  const t = simulate(results, { macOS: '12.6' });
  assert.equal(t.outcomeStatus, 'fails');
  assert.doesNotMatch(t.outcome, /works/);
  assert.match(t.outcome, /macOS 13/);
});

test('the preview names Secure Enclave mode instead of promising password sync', () => {
  const results = checkDeployment(loadFixture('DPS406-fail-secure-enclave-mode'));
  const t = simulate(results, { macOS: '15.0' });
  assert.match(t.outcome, /Secure Enclave/);
  assert.doesNotMatch(t.outcome, /becomes the Okta password/);
});

test('CLI: --deployment decides DPS414 (an error); "deviceAccessScep": "external" in .dps-profiles.json silences it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dps-scep-'));
  try {
    cpSync(fixture('DPS414-fail-undecided-warning'), dir, { recursive: true });
    const run = (...args: string[]) => {
      const r = spawnSync(process.execPath, [join(root, 'bin', 'dps-profiles.js'), 'check', ...args, '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' });
      return (JSON.parse(r.stdout) as { files: { diagnostics: { code: string; severity: string }[] }[] }).files.flatMap((f) =>
        f.diagnostics.filter((d) => d.code === 'DPS414').map((d) => d.severity),
      );
    };
    assert.deepEqual(run(), ['warning']);
    assert.deepEqual(run('--deployment'), ['error']);
    writeFileSync(join(dir, '.dps-profiles.json'), JSON.stringify({ deviceAccessScep: 'external' }));
    assert.deepEqual(run('--deployment'), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
