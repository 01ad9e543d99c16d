// Signed profiles: CMS envelopes made here with openssl and a throwaway certificate
// (valid, tampered, expired, streamed BER, detached), plus the real signed corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkBytes, checkText, looksSigned, openSignedProfile, verifySignedProfile, parsePemCertificates } from '../../server/src/core';
import { hasOpenssl, makeExpiredSigner, makeSigner, signProfile, tamper, tempDir } from './openssl';

const root = path.resolve(__dirname, '..', '..', '..');
const fixture = path.join(root, 'test', 'fixtures', 'signed', 'screensaver-bad-uuid.mobileconfig');
const corpus = path.resolve(root, '..', 'shared', 'corpus', 'signed');
const cli = path.join(root, 'bin', 'dps-profiles.js');
const skipNoOpenssl = hasOpenssl ? false : 'openssl is not installed (apt-get install -y openssl)';

const dir = hasOpenssl ? tempDir('dps-signed-') : '';
const signer = hasOpenssl ? makeSigner(dir, 'DPS Test Signer') : undefined;
const signedBytes = () => signProfile(dir, fixture, signer!);

function codes(problems: { code: string }[]): string[] {
  return problems.map((p) => p.code);
}

test('a signed profile is recognised, unwrapped and checked like its source, at the same positions', { skip: skipNoOpenssl }, async () => {
  const bytes = signedBytes();
  assert.ok(looksSigned(bytes));
  const opened = openSignedProfile(bytes);
  assert.ok(opened.ok);
  assert.equal(Buffer.from(opened.envelope.content!).toString('utf8'), readFileSync(fixture, 'utf8'));
  assert.match(opened.envelope.signer!.subject, /CN=DPS Test Signer/);

  const verdict = await verifySignedProfile(bytes);
  assert.equal(verdict.integrity, 'valid');
  assert.equal(verdict.trust, 'not-checked');

  const signed = checkBytes(bytes, { documentId: 'signed.mobileconfig', fileName: 'signed.mobileconfig' });
  const unsigned = checkText(readFileSync(fixture, 'utf8'), { documentId: 'signed.mobileconfig', fileName: 'signed.mobileconfig' });
  assert.equal(signed.text, unsigned.text);
  const dps202 = signed.problems.find((p) => p.code === 'DPS202');
  assert.ok(dps202, `DPS202 expected, got ${codes(signed.problems)}`);
  assert.deepEqual(signed.lineIndex.positionAt(dps202.span.start), { line: 14, character: 11 });
  assert.deepEqual(dps202.span, unsigned.problems.find((p) => p.code === 'DPS202')!.span);
  const info = signed.problems.find((p) => p.code === 'DPS117')!;
  assert.equal(info.severity, 'info');
  assert.match(info.message, /DPS Test Signer/);
  assert.match(info.message, /not verified/);
  assert.ok(!codes(signed.problems).includes('DPS119'));
});

test('with the verdict, DPS117 says the signature verifies; tampered content is DPS119', { skip: skipNoOpenssl }, async () => {
  const bytes = signedBytes();
  const good = checkDeploymentOf(bytes, await verifySignedProfile(bytes));
  assert.match(good.problems.find((p) => p.code === 'DPS117')!.message, /signature over the content verifies/);
  assert.ok(!codes(good.problems).includes('DPS119'));

  // One letter of the embedded XML changed after signing: the content still parses, the signature does not hold.
  const tampered = tamper(bytes, 'Screensaver', 'Screensavor');
  const verdict = await verifySignedProfile(tampered);
  assert.equal(verdict.integrity, 'invalid');
  const bad = checkDeploymentOf(tampered, verdict);
  const dps119 = bad.problems.find((p) => p.code === 'DPS119');
  assert.ok(dps119, `DPS119 expected, got ${codes(bad.problems)}`);
  assert.equal(dps119.severity, 'error');
  assert.match(bad.text, /Screensavor/);
});

test('an expired signer is DPS120 (a warning); the signature itself still verifies', { skip: skipNoOpenssl }, async () => {
  const expiredDir = tempDir('dps-expired-');
  const expired = makeExpiredSigner(expiredDir, 'Expired Signer');
  const bytes = signProfile(expiredDir, fixture, expired);
  const verdict = await verifySignedProfile(bytes);
  assert.equal(verdict.integrity, 'valid');
  const result = checkDeploymentOf(bytes, verdict);
  const dps120 = result.problems.find((p) => p.code === 'DPS120');
  assert.ok(dps120, `DPS120 expected, got ${codes(result.problems)}`);
  assert.equal(dps120.severity, 'warning');
  assert.match(dps120.message, /expired on 2020-02-01/);
  assert.ok(!codes(result.problems).includes('DPS119'));
});

test('trust is checked only against given anchors: own certificate trusted, another one not (DPS122)', { skip: skipNoOpenssl }, async () => {
  const bytes = signedBytes();
  const own = parsePemCertificates(readFileSync(signer!.cert, 'utf8'));
  assert.equal(own.length, 1);
  const trusted = await verifySignedProfile(bytes, { trustAnchors: own });
  assert.equal(trusted.trust, 'trusted', trusted.trustDetail);

  const other = makeSigner(dir, 'Some Other CA');
  const untrusted = await verifySignedProfile(bytes, { trustAnchors: parsePemCertificates(readFileSync(other.cert, 'utf8')) });
  assert.equal(untrusted.integrity, 'valid');
  assert.equal(untrusted.trust, 'untrusted');
  assert.ok(codes(checkDeploymentOf(bytes, untrusted).problems).includes('DPS122'));
});

test('streamed BER (indefinite lengths, chunked content) unwraps to the same text', { skip: skipNoOpenssl }, async () => {
  const bytes = signProfile(dir, fixture, signer!, ['-stream']);
  const opened = openSignedProfile(bytes);
  assert.ok(opened.ok);
  assert.equal(Buffer.from(opened.envelope.content!).toString('utf8'), readFileSync(fixture, 'utf8'));
  assert.equal((await verifySignedProfile(bytes)).integrity, 'valid');
});

test('a detached signature (no content inside) is DPS121, not a crash', { skip: skipNoOpenssl }, () => {
  const out = path.join(dir, 'detached.p7s');
  const r = spawnSync('openssl', ['cms', '-sign', '-binary', '-outform', 'DER', '-in', fixture, '-signer', signer!.cert, '-inkey', signer!.key, '-out', out]);
  assert.equal(r.status, 0, String(r.stderr));
  const result = checkBytes(readFileSync(out), { documentId: 'detached.mobileconfig' });
  assert.deepEqual(codes(result.problems), ['DPS121']);
  assert.match(result.problems[0].message, /detached/);
});

test('a truncated signed file is DPS121', { skip: skipNoOpenssl }, () => {
  const bytes = signedBytes();
  const result = checkBytes(bytes.subarray(0, 200), { documentId: 'cut.mobileconfig' });
  assert.deepEqual(codes(result.problems), ['DPS121']);
});

test('the CLI says who signed the file, that positions are in the embedded XML, and fails on a bad signature', { skip: skipNoOpenssl }, () => {
  const good = path.join(dir, 'good.mobileconfig');
  writeFileSync(good, signedBytes());
  const ok = spawnSync(process.execPath, [cli, 'check', good, '--no-color'], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /\(signed by "CN=DPS Test Signer, O=dps-profiles tests"; positions are in the embedded XML\)/);
  assert.match(ok.stdout, /good\.mobileconfig:15:12 +warning +PayloadUUID "not-a-uuid"/);
  assert.match(ok.stdout, /signature over the content verifies \(integrity only\)\. Trust in the certificate chain was not checked/);

  const bad = path.join(dir, 'bad.mobileconfig');
  writeFileSync(bad, tamper(signedBytes(), 'Screensaver', 'Screensavor'));
  const failed = spawnSync(process.execPath, [cli, 'check', bad, '--no-color'], { encoding: 'utf8' });
  assert.equal(failed.status, 1, failed.stdout + failed.stderr);
  assert.match(failed.stdout, /error +The signature of this profile does not verify.*DPS119/);

  const trusted = spawnSync(process.execPath, [cli, 'check', good, '--no-color', '--trust-anchors', signer!.cert], { encoding: 'utf8' });
  assert.equal(trusted.status, 0, trusted.stdout + trusted.stderr);
  assert.match(trusted.stdout, /chain leads to a given trust anchor/);

  const noPem = path.join(dir, 'empty.pem');
  writeFileSync(noPem, 'nothing here\n');
  const usage = spawnSync(process.execPath, [cli, 'check', good, '--trust-anchors', noPem], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /no "-----BEGIN CERTIFICATE-----" block/);
});

test('the signed corpus: every file unwraps to a property list and its signature verifies', async (t) => {
  if (!existsSync(corpus)) {
    t.skip(`${corpus} is absent (the shared corpus is not part of this repository)`);
    return;
  }
  const files = readdirSync(corpus).filter((f) => f.endsWith('.mobileconfig'));
  assert.ok(files.length > 0, 'the signed corpus holds .mobileconfig files');
  for (const file of files) {
    const bytes = readFileSync(path.join(corpus, file));
    const verdict = await verifySignedProfile(bytes);
    assert.equal(verdict.integrity, 'valid', `${file}: ${verdict.integrityDetail}`);
    const result = checkBytes(bytes, { documentId: file, fileName: file });
    assert.match(result.text, /<plist/, `${file}: the embedded content is a property list`);
    assert.ok(result.signed?.signer, `${file}: the signer is known`);
    assert.ok(codes(result.problems).includes('DPS117'), file);
    assert.ok(!codes(result.problems).some((c) => c === 'DPS101' || c === 'DPS121'), `${file}: ${codes(result.problems)}`);
  }
});

import { checkDeployment, type SignatureVerdict } from '../../server/src/core';
function checkDeploymentOf(bytes: Uint8Array, signature: SignatureVerdict) {
  return checkDeployment([{ documentId: 'p.mobileconfig', fileName: 'p.mobileconfig', bytes, signature }])[0];
}
