export { looksSigned, SIGNED_DATA_OID } from './sniff';
export type { CertificateSummary, SignedEnvelope, OpenSignedResult } from './envelope';
export { openSignedProfile, verifySignedProfile, parsePemCertificates, parsePemBundle, isCertificate, setCmsLoader } from './load';
export type { CmsModule } from './load';
export type { SignatureVerdict, VerifyOptions } from './verify';
export { signatureProblems, signedInfoOf, describeSigner, describeVerdict } from './problems';
export type { SignedProfileInfo } from './problems';
