/** Signed profiles at real-world sizes, damaged trust-anchor bundles, UTF-16 without a BOM (issue 16). */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkDeployment, decodeBytes, parsePemBundle, verifySignedProfile, type DeploymentInput } from '../../server/src/core';
import { hasOpenssl, makeSigner, signProfile, tempDir } from './openssl';

const root = path.resolve(__dirname, '..', '..', '..');
const bin = path.join(root, 'bin', 'dps-profiles.js');
const skip = hasOpenssl ? false : 'openssl is not installed';
const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function profileOfSize(bytes: number): string {
  const filler = 'A'.repeat(Math.max(0, bytes - 400));
  return `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
  <key>PayloadContent</key><array/>
  <key>PayloadDescription</key><string>${filler}</string>
  <key>PayloadIdentifier</key><string>com.example.big</string>
  <key>PayloadType</key><string>Configuration</string>
  <key>PayloadUUID</key><string>0E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B</string>
  <key>PayloadVersion</key><integer>1</integer>
</dict>
</plist>
`;
}

/** `count` distinct certificates: one real one with its serial number varied (the bundle only has to be parsed). */
function certificateBundle(certPem: string, count: number): string {
  const der = Buffer.from(certPem.replace(/-----[^-]+-----|\s+/g, ''), 'base64');
  // The serial is the first INTEGER of the TBSCertificate, right after the [0] version: 30 .. 30 .. a0 03 02 01 02 02 <len> <serial>.
  const at = der.indexOf(Buffer.from([0xa0, 0x03, 0x02, 0x01, 0x02, 0x02]));
  assert.ok(at > 0, 'serial number found');
  const serialAt = at + 7;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const copy = Buffer.from(der);
    copy[serialAt + 1] = (i >> 8) & 0x7f;
    copy[serialAt + 2] = i & 0xff;
    out.push(`-----BEGIN CERTIFICATE-----\n${copy.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----`);
  }
  return out.join('\n') + '\n';
}

test('a 17 MB signed profile and one carrying 300 certificates open and verify (asn1js limits raised within a bound)', { skip }, async () => {
  const dir = tempDir('dps-signed-limits-');
  dirs.push(dir);
  const signer = makeSigner(dir, 'Big Signer');
  const big = path.join(dir, 'big.xml');
  fs.writeFileSync(big, profileOfSize(17 * 1024 * 1024));
  const signedBig = signProfile(dir, big, signer);
  const decoded = decodeBytes(signedBig);
  assert.ok(decoded.signed, 'recognised as signed');
  assert.ok(decoded.text && decoded.text.length > 17 * 1000 * 1000, 'the 17 MB content was read');
  assert.equal((await verifySignedProfile(signedBig)).integrity, 'valid');

  const small = path.join(dir, 'small.xml');
  fs.writeFileSync(small, profileOfSize(1000));
  const bundle = path.join(dir, 'bundle.pem');
  fs.writeFileSync(bundle, certificateBundle(fs.readFileSync(signer.cert, 'utf8'), 300));
  const signedMany = signProfile(dir, small, signer, ['-certfile', bundle]);
  const input: DeploymentInput = { documentId: 'many.mobileconfig', fileName: 'many.mobileconfig', bytes: signedMany };
  const [result] = checkDeployment([input], {});
  assert.ok(result.signed, 'opened');
  assert.ok((result.signed?.certificates ?? 0) >= 300, `carries ${result.signed?.certificates} certificates`);
  assert.ok(!result.problems.some((p) => p.code === 'DPS121'), 'not reported as damaged');
});

test('--trust-anchors: a damaged block is reported by number and line; the good ones are still used', { skip }, () => {
  const dir = tempDir('dps-signed-anchors-');
  dirs.push(dir);
  const signer = makeSigner(dir, 'Anchor Signer');
  const xml = path.join(dir, 'p.xml');
  fs.writeFileSync(xml, profileOfSize(1000));
  fs.writeFileSync(path.join(dir, 'p.mobileconfig'), signProfile(dir, xml, signer));
  const good = fs.readFileSync(signer.cert, 'utf8');
  const anchors = `-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n${good}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`;
  fs.writeFileSync(path.join(dir, 'anchors.pem'), anchors);
  const parsed = parsePemBundle(anchors);
  assert.equal(parsed.certificates.length, 1);
  assert.deepEqual(parsed.problems, [
    'certificate block 1 (line 1): not valid base64',
    `certificate block 3 (line ${anchors.split('\n').length - 3}): not a readable X.509 certificate`,
  ]);
  const r = spawnSync(process.execPath, [bin, 'check', 'p.mobileconfig', '--trust-anchors', 'anchors.pem', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
  assert.match(r.stderr, /certificate block 1 \(line 1\): not valid base64; it is ignored/);
  assert.doesNotMatch(r.stderr, /: 5$/m, 'no bare DOMException code');
  const codes = (JSON.parse(r.stdout) as { files: { diagnostics: { code: string }[] }[] }).files[0].diagnostics.map((d) => d.code);
  assert.ok(!codes.includes('DPS122'), `trusted through the good anchor (codes: ${codes.join(', ')})`);
});

test('UTF-16 without a byte order mark is decoded, not reported as binary', () => {
  const xml = '<?xml version="1.0" encoding="UTF-16"?>\n<plist version="1.0"><dict><key>PayloadType</key><string>Configuration</string></dict></plist>\n';
  for (const [encoding, bytes] of [
    ['utf-16le', Buffer.from(xml, 'utf16le')],
    ['utf-16be', Buffer.from(xml, 'utf16le').swap16()],
  ] as const) {
    const decoded = decodeBytes(bytes);
    assert.equal(decoded.text, xml, encoding);
    assert.deepEqual(decoded.problems, [], encoding);
  }
  // Real binary stays binary.
  assert.equal(decodeBytes(Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff, 0x00, 0x10, 0x00, 0x00, 0x00])).problems[0]?.code, 'DPS102');
});
