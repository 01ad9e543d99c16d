/**
 * Recognising signed data by its first bytes. Kept apart from envelope.ts so that the shells and
 * decodeBytes can tell a signed file without loading the CMS code (pkijs + asn1js, see load.ts).
 */

/** The PKCS #7 signedData object identifier, 1.2.840.113549.1.7.2. */
export const SIGNED_DATA_OID = '1.2.840.113549.1.7.2';
const SIGNED_DATA_OID_DER = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

/** A DER SEQUENCE whose first bytes hold the signedData OID: cheap enough to run on every file. */
export function looksSigned(bytes: Uint8Array): boolean {
  if (bytes[0] !== 0x30) return false;
  const limit = Math.min(bytes.length - SIGNED_DATA_OID_DER.length, 64);
  outer: for (let i = 0; i <= limit; i++) {
    for (let j = 0; j < SIGNED_DATA_OID_DER.length; j++) if (bytes[i + j] !== SIGNED_DATA_OID_DER[j]) continue outer;
    return true;
  }
  return false;
}
