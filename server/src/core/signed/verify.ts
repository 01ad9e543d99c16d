import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseSignedData, signerCertificate } from './envelope';

/**
 * Signature checks for signed profiles, through pkijs (WebCrypto underneath,
 * so RSA, RSA-PSS and ECDSA all work in Node and in a browser). Async because
 * WebCrypto is; the synchronous check takes the verdict as an input.
 */

export interface SignatureVerdict {
  /** Does the signature cover exactly this content? `unknown`: it could not be checked (see integrityDetail). */
  integrity: 'valid' | 'invalid' | 'unknown';
  integrityDetail?: string;
  /** Chain to the given trust anchors; `not-checked` when none were given. */
  trust: 'not-checked' | 'trusted' | 'untrusted';
  trustDetail?: string;
}

export interface VerifyOptions {
  /** DER certificates the signer's chain must lead to (`--trust-anchors`). */
  trustAnchors?: readonly Uint8Array[];
  /** The time the chain is checked at; now by default. */
  now?: Date;
}

interface VerifyOutcome {
  signatureVerified?: boolean | null;
  code?: number;
  message?: string;
}

export async function verifySignedProfile(bytes: Uint8Array, options: VerifyOptions = {}): Promise<SignatureVerdict> {
  const parsed = parseSignedData(bytes);
  if (!parsed.ok) return { integrity: 'unknown', integrityDetail: parsed.reason, trust: 'not-checked' };
  const signedData = parsed.signedData;
  if (signedData.signerInfos.length === 0) return { integrity: 'unknown', integrityDetail: 'the file holds no signer', trust: 'not-checked' };
  if (!signedData.encapContentInfo.eContent)
    return { integrity: 'unknown', integrityDetail: 'the signature is detached (no content inside)', trust: 'not-checked' };

  const integrity = await runVerify(signedData, { signer: 0, checkChain: false, extendedMode: true });
  const verdict: SignatureVerdict = integrityOf(integrity, signedData);
  if (!options.trustAnchors || options.trustAnchors.length === 0) return verdict;
  if (verdict.integrity !== 'valid') return { ...verdict, trust: 'untrusted', trustDetail: 'the signature itself does not verify' };

  let anchors: pkijs.Certificate[];
  try {
    anchors = options.trustAnchors.map((der) => pkijs.Certificate.fromBER(der));
  } catch (e) {
    return { ...verdict, trust: 'untrusted', trustDetail: `a trust anchor is not a readable certificate (${e instanceof Error ? e.message : String(e)})` };
  }
  const chain = await runVerify(signedData, {
    signer: 0,
    checkChain: true,
    trustedCerts: anchors,
    checkDate: options.now ?? new Date(),
    extendedMode: true,
  });
  if (chain.signatureVerified === true && chain.code === 14) return { ...verdict, trust: 'trusted', trustDetail: 'the chain leads to a given trust anchor' };
  return {
    ...verdict,
    trust: 'untrusted',
    trustDetail: (chain.message ?? 'the chain does not lead to a given trust anchor').replace(
      /^Validation of signer's certificate failed(?: with error)?: /,
      '',
    ),
  };
}

async function runVerify(signedData: pkijs.SignedData, parameters: pkijs.SignedDataVerifyParams & { extendedMode: true }): Promise<VerifyOutcome> {
  try {
    return (await signedData.verify(parameters)) as VerifyOutcome;
  } catch (e) {
    // extendedMode rejects with { code, message, signatureVerified } for most failures.
    if (e && typeof e === 'object' && 'code' in e) return e as VerifyOutcome;
    return { signatureVerified: null, code: -1, message: e instanceof Error ? e.message : String(e) };
  }
}

function integrityOf(outcome: VerifyOutcome, signedData: pkijs.SignedData): SignatureVerdict {
  if (outcome.code === 14 && outcome.signatureVerified === true) return { integrity: 'valid', trust: 'not-checked' };
  if (outcome.code === 14 && outcome.signatureVerified === false) {
    return { integrity: 'invalid', integrityDetail: 'the signature does not match the signed data', trust: 'not-checked' };
  }
  const message = outcome.message ?? '';
  if (/digest doesn't match/i.test(message)) {
    return { integrity: 'invalid', integrityDetail: 'the content was changed after signing (its digest differs from the signed one)', trust: 'not-checked' };
  }
  if (
    outcome.code === 3 ||
    !signerCertificate(
      signedData,
      (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate),
    )
  ) {
    return { integrity: 'unknown', integrityDetail: "the signer's certificate is not in the file", trust: 'not-checked' };
  }
  return {
    integrity: 'unknown',
    integrityDetail: message.replace(/^Error during verification: /, '') || `verification failed (code ${outcome.code})`,
    trust: 'not-checked',
  };
}

/** Every `-----BEGIN CERTIFICATE-----` block of a PEM file, as DER. */
export function parsePemCertificates(pem: string): Uint8Array[] {
  return parsePemBundle(pem).certificates;
}

/**
 * Every `-----BEGIN CERTIFICATE-----` block of a PEM bundle: the ones that are
 * readable certificates, and one message per block that is not (bad base64, not
 * a certificate), naming the block and its line, so one damaged block costs
 * only itself.
 */
export function parsePemBundle(pem: string): { certificates: Uint8Array[]; problems: string[] } {
  const certificates: Uint8Array[] = [];
  const problems: string[] = [];
  let n = 0;
  for (const m of pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)) {
    n++;
    const where = `certificate block ${n} (line ${pem.slice(0, m.index).split('\n').length})`;
    const b64 = m[1].replace(/\s+/g, '');
    if (b64 === '' || b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
      problems.push(`${where}: not valid base64`);
      continue;
    }
    const der = base64ToBytes(b64);
    if (!isCertificate(der)) {
      problems.push(`${where}: not a readable X.509 certificate`);
      continue;
    }
    certificates.push(der);
  }
  return { certificates, problems };
}

function base64ToBytes(b64: string): Uint8Array {
  const binary = atob(b64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** True when the DER decodes as a certificate (lets the CLI reject a bad --trust-anchors file early). */
export function isCertificate(der: Uint8Array): boolean {
  try {
    const asn = asn1js.fromBER(der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer);
    if (asn.offset === -1) return false;
    new pkijs.Certificate({ schema: asn.result });
    return true;
  } catch {
    return false;
  }
}
