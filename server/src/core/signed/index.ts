export { looksSigned, openSignedProfile, SIGNED_DATA_OID } from './envelope';
export type { CertificateSummary, SignedEnvelope, OpenSignedResult } from './envelope';
export { verifySignedProfile, parsePemCertificates, parsePemBundle, isCertificate } from './verify';
export type { SignatureVerdict, VerifyOptions } from './verify';
export { signatureProblems, signedInfoOf, describeSigner, describeVerdict } from './problems';
export type { SignedProfileInfo } from './problems';
