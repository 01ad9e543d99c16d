// Throwaway signing material for the signed-profile tests, made with the real openssl.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

export interface Signer {
  cert: string;
  key: string;
}

function run(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A self-signed certificate valid from now for `days`. */
export function makeSigner(dir: string, name: string, days = 30): Signer {
  const key = path.join(dir, `${name}.key.pem`);
  const cert = path.join(dir, `${name}.cert.pem`);
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', String(days), '-subj', `/CN=${name}/O=dps-profiles tests`], dir);
  return { cert, key };
}

/** A self-signed certificate whose validity ended in 2020 (`openssl ca` is the way to set past dates in OpenSSL 3.0). */
export function makeExpiredSigner(dir: string, name: string): Signer {
  const key = path.join(dir, `${name}.key.pem`);
  const csr = path.join(dir, `${name}.csr`);
  const cert = path.join(dir, `${name}.cert.pem`);
  run(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${name}`], dir);
  writeFileSync(path.join(dir, 'index.txt'), '');
  writeFileSync(path.join(dir, 'serial'), '01\n');
  writeFileSync(
    path.join(dir, 'ca.cnf'),
    [
      '[ ca ]',
      'default_ca = local',
      '[ local ]',
      'dir = .',
      'database = ./index.txt',
      'new_certs_dir = .',
      'serial = ./serial',
      'default_md = sha256',
      'policy = any',
      'unique_subject = no',
      '[ any ]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  run(
    [
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-selfsign',
      '-keyfile',
      key,
      '-in',
      csr,
      '-out',
      cert,
      '-startdate',
      '20200101000000Z',
      '-enddate',
      '20200201000000Z',
    ],
    dir,
  );
  return { cert, key };
}

/** `openssl cms -sign -nodetach -outform DER` (add `-stream` for indefinite-length BER with chunked content). */
export function signProfile(dir: string, input: string, signer: Signer, extra: string[] = []): Uint8Array {
  const out = path.join(dir, `signed-${Math.random().toString(36).slice(2)}.mobileconfig`);
  run(['cms', '-sign', '-nodetach', '-binary', '-outform', 'DER', '-in', input, '-signer', signer.cert, '-inkey', signer.key, '-out', out, ...extra], dir);
  return readFileSync(out);
}

/** Flip one letter inside the embedded XML (same length, so the DER stays well formed). */
export function tamper(signed: Uint8Array, needle: string, replacement: string): Uint8Array {
  if (needle.length !== replacement.length) throw new Error('tamper keeps the length');
  const copy = Buffer.from(signed);
  const at = copy.indexOf(needle, 0, 'latin1');
  if (at < 0) throw new Error(`"${needle}" not found in the signed bytes`);
  copy.write(replacement, at, 'latin1');
  return copy;
}
