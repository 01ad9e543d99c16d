import type { ProblemInput } from '../problem';
import type { CertificateSummary, SignedEnvelope } from './envelope';
import type { SignatureVerdict } from './verify';

/** What a check result says about a signed file: the signer, and the verdict when a shell verified it. */
export interface SignedProfileInfo {
  signer: CertificateSummary | undefined;
  certificates: number;
  verdict?: SignatureVerdict;
}

export function signedInfoOf(envelope: SignedEnvelope, verdict?: SignatureVerdict): SignedProfileInfo {
  return { signer: envelope.signer, certificates: envelope.certificates, ...(verdict ? { verdict } : {}) };
}

/** "signed by CN=…, issued by CN=…, valid 2024-01-01 to 2025-01-01" or the missing-certificate variant. */
export function describeSigner(signer: CertificateSummary | undefined): string {
  if (!signer) return 'signed (the signer certificate is not in the file)';
  return `signed by "${signer.subject}", issued by "${signer.issuer}", valid ${signer.notBefore.slice(0, 10)} to ${signer.notAfter.slice(0, 10)}`;
}

export function describeVerdict(verdict: SignatureVerdict | undefined): string {
  if (!verdict) return 'The signature was not verified here.';
  const integrity =
    verdict.integrity === 'valid'
      ? 'The signature over the content verifies (integrity only).'
      : verdict.integrity === 'invalid'
        ? `The signature does NOT verify: ${verdict.integrityDetail ?? 'the content does not match'}.`
        : `The signature could not be verified: ${verdict.integrityDetail ?? 'unknown reason'}.`;
  const trust =
    verdict.trust === 'trusted'
      ? ' The certificate chain leads to a given trust anchor.'
      : verdict.trust === 'untrusted'
        ? ` The certificate chain is not trusted: ${verdict.trustDetail ?? 'no path to a trust anchor'}.`
        : ' Trust in the certificate chain was not checked.';
  return integrity + trust;
}

/**
 * The problems a signed file carries besides those of its content: DPS117
 * (info: what was checked and who signed), DPS119 (the signature does not
 * verify), DPS120 (the signer's certificate is outside its validity dates),
 * DPS122 (the chain does not lead to the given trust anchors). All sit at the
 * start of the embedded text.
 */
export function signatureProblems(info: SignedProfileInfo, now: Date = new Date()): ProblemInput[] {
  const at = { start: 0, end: 0 };
  const problems: ProblemInput[] = [
    {
      code: 'DPS117',
      message: `This profile is CMS-signed; its embedded XML was checked and positions refer to that XML. It is ${describeSigner(info.signer)}. ${describeVerdict(info.verdict)} Edits must go to the unsigned source, which is then signed again.`,
      span: at,
      data: { signer: info.signer, verdict: info.verdict },
    },
  ];
  if (info.verdict?.integrity === 'invalid') {
    problems.push({
      code: 'DPS119',
      message: `The signature of this profile does not verify: ${info.verdict.integrityDetail ?? 'the content does not match the signature'}. macOS refuses to install it; sign the source again.`,
      span: at,
    });
  }
  if (info.signer) {
    const notBefore = Date.parse(info.signer.notBefore);
    const notAfter = Date.parse(info.signer.notAfter);
    if (notAfter < now.getTime()) {
      problems.push({
        code: 'DPS120',
        message: `The signer's certificate ("${info.signer.subject}") expired on ${info.signer.notAfter.slice(0, 10)}; macOS shows the profile as unverified. Sign it again with a current certificate.`,
        span: at,
      });
    } else if (notBefore > now.getTime()) {
      problems.push({
        code: 'DPS120',
        message: `The signer's certificate ("${info.signer.subject}") is not valid before ${info.signer.notBefore.slice(0, 10)}.`,
        span: at,
      });
    }
  }
  if (info.verdict?.trust === 'untrusted') {
    problems.push({
      code: 'DPS122',
      message: `The signer is not trusted by the given trust anchors: ${info.verdict.trustDetail ?? 'no chain to an anchor'}.`,
      span: at,
    });
  }
  return problems;
}
