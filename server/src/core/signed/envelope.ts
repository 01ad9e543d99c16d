import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SIGNED_DATA_OID } from './sniff';

/**
 * CMS (PKCS #7) signed profiles: recognise them by their bytes and take out
 * the embedded property list. All ASN.1/DER work is pkijs + asn1js; this file
 * only picks the fields a profile checker needs. Pure: bytes in, data out.
 */

export { looksSigned, SIGNED_DATA_OID } from './sniff';

/** Who signed, as people read it. Dates are ISO 8601 (UTC). */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  serialNumber: string;
}

export interface SignedEnvelope {
  /** The encapsulated content (the profile's bytes); undefined for a detached signature. */
  content: Uint8Array | undefined;
  contentType: string;
  /** The first signer's certificate, when the file carries it. */
  signer: CertificateSummary | undefined;
  /** How many certificates the file carries (signer and chain). */
  certificates: number;
}

export type OpenSignedResult = { ok: true; envelope: SignedEnvelope } | { ok: false; reason: string };

/**
 * The bounds of the BER parser. asn1js's defaults (10,000 nodes, 16 MB of content) reject valid large profiles (a
 * 17 MB profile, 300 certificates); these allow any profile the CLI reads (64 MB) and a million ASN.1 nodes, still
 * bounding the memory a hostile file can make the parser spend.
 */
export const BER_LIMITS = { maxDepth: 100, maxNodes: 1_000_000, maxContentLength: 64 * 1024 * 1024 } as const;

/** Parse the ContentInfo → SignedData. Never throws. */
export function parseSignedData(bytes: Uint8Array): { ok: true; signedData: pkijs.SignedData } | { ok: false; reason: string } {
  try {
    // asn1js wants an ArrayBuffer holding exactly these bytes.
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const asn = asn1js.fromBER(buffer, BER_LIMITS);
    if (asn.offset === -1 || asn.result.error) return { ok: false, reason: `the DER structure is damaged (${asn.result.error || 'cannot decode'})` };
    const contentInfo = new pkijs.ContentInfo({ schema: asn.result });
    if (contentInfo.contentType !== SIGNED_DATA_OID) return { ok: false, reason: `it is CMS content of type ${contentInfo.contentType}, not signed data` };
    return { ok: true, signedData: new pkijs.SignedData({ schema: contentInfo.content }) };
  } catch (e) {
    return { ok: false, reason: `it is not a readable CMS signed-data structure (${e instanceof Error ? e.message : String(e)})` };
  }
}

export function openSignedProfile(bytes: Uint8Array): OpenSignedResult {
  const parsed = parseSignedData(bytes);
  if (!parsed.ok) return parsed;
  const signedData = parsed.signedData;
  try {
    const certificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
    const signerCert = signerCertificate(signedData, certificates);
    return {
      ok: true,
      envelope: {
        content: encapsulatedContent(signedData),
        contentType: signedData.encapContentInfo.eContentType,
        signer: signerCert ? summarizeCertificate(signerCert) : undefined,
        certificates: certificates.length,
      },
    };
  } catch (e) {
    // Damaged fields deep inside (a certificate's dates, the content's chunks): never a crash.
    return { ok: false, reason: `its signed-data fields are damaged (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** The eContent octets; a constructed (BER, chunked) OCTET STRING is joined. */
function encapsulatedContent(signedData: pkijs.SignedData): Uint8Array | undefined {
  const eContent = signedData.encapContentInfo.eContent;
  if (!eContent) return undefined;
  if (!eContent.idBlock.isConstructed) return new Uint8Array(eContent.valueBlock.valueHexView);
  const chunks = (eContent.valueBlock.value as asn1js.OctetString[]).map((chunk) => new Uint8Array(chunk.valueBlock.valueHexView));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The certificate the first SignerInfo names, by issuer + serial number or by subject key identifier. */
export function signerCertificate(signedData: pkijs.SignedData, certificates: readonly pkijs.Certificate[]): pkijs.Certificate | undefined {
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo) return undefined;
  const sid = signerInfo.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certificates.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
  }
  // SubjectKeyIdentifier: [0] IMPLICIT OCTET STRING.
  const wanted = hex(new Uint8Array((sid as asn1js.Primitive).valueBlock.valueHexView));
  return certificates.find((c) => {
    const ext = c.extensions?.find((e) => e.extnID === '2.5.29.14');
    const parsed = ext?.parsedValue as asn1js.OctetString | undefined;
    return parsed !== undefined && hex(new Uint8Array(parsed.valueBlock.valueHexView)) === wanted;
  });
}

export function summarizeCertificate(cert: pkijs.Certificate): CertificateSummary {
  return {
    subject: distinguishedName(cert.subject),
    issuer: distinguishedName(cert.issuer),
    notBefore: cert.notBefore.value.toISOString(),
    notAfter: cert.notAfter.value.toISOString(),
    serialNumber: hex(new Uint8Array(cert.serialNumber.valueBlock.valueHexView)).toUpperCase(),
  };
}

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

/** "CN=…, OU=…, O=…" in the order the certificate lists them (as `openssl` prints). */
function distinguishedName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => {
      const value = (tv.value as { valueBlock?: { value?: unknown } }).valueBlock?.value;
      return `${ATTRIBUTE_NAMES[tv.type] ?? tv.type}=${typeof value === 'string' ? value : '…'}`;
    })
    .join(', ');
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
