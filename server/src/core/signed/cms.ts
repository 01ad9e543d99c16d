/**
 * Everything that needs the CMS code (pkijs + asn1js, over half of a bundle's size). Loaded only when
 * a file is signed: see load.ts. The CLI ships it as its own bundle (dist/cms.js).
 */
export { openSignedProfile } from './envelope';
export { verifySignedProfile, parsePemCertificates, parsePemBundle, isCertificate } from './verify';
