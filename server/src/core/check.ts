import { applySeverities, type SeverityOverrides } from './codes';
import { decodeBytes } from './decode';
import { buildDeployment, type DpsDeployment } from './dps/deployment';
import { buildModel, type ProfileDocument } from './model';
import { parsePlist } from './plist/parse';
import { compareProblems, type Problem, type ProblemInput } from './problem';
import { runRules } from './rules';
import { appendAll, validateDocument } from './schema/validate-document';
import { checkStructure } from './structure';
import { LineIndex } from './text';
import type { SignedEnvelope } from './signed/envelope';
import { signatureProblems, signedInfoOf, type SignedProfileInfo } from './signed/problems';
import type { SignatureVerdict } from './signed/verify';

export interface CheckOptions {
  /** A path (CLI) or URI (server); related locations in this document carry it. */
  documentId: string;
  /** Base name or path; `<domain>.plist` marks a bare preference plist. */
  fileName?: string;
  severities?: SeverityOverrides;
  preferenceDomainFiles?: Readonly<Record<string, string>>;
  /** Target macOS ("14.5"); inferred from the profiles when absent. */
  targetMacOS?: string;
}

export interface CheckResult {
  documentId: string;
  text: string;
  lineIndex: LineIndex;
  document: ProfileDocument;
  problems: Problem[];
  /** The deployment this document was checked in (shared by every result of one call). */
  deployment: DpsDeployment;
  /** Set for a CMS-signed file: `text` is its embedded content; who signed and, when verified, the verdict. */
  signed?: SignedProfileInfo;
}

export interface DeploymentInput {
  documentId: string;
  fileName?: string;
  /** Exactly one of text or bytes. */
  text?: string;
  bytes?: Uint8Array;
  /** The signature verdict of signed bytes (`verifySignedProfile`), computed by the shell because it is async. */
  signature?: SignatureVerdict;
  /** With `text`: the text is the content of this signed envelope (an editor's read-only view of a signed file). */
  signedEnvelope?: SignedEnvelope;
}

export type DeploymentOptions = Omit<CheckOptions, 'documentId' | 'fileName'>;

/** Check one document's text as a deployment of its own. Never throws. */
export function checkText(text: string, options: CheckOptions): CheckResult {
  return checkDeployment([{ documentId: options.documentId, fileName: options.fileName, text }], options)[0];
}

/** Decode bytes (UTF-8/UTF-16; binary and signed files recognised), then check. */
export function checkBytes(bytes: Uint8Array, options: CheckOptions): CheckResult {
  return checkDeployment([{ documentId: options.documentId, fileName: options.fileName, bytes }], options)[0];
}

/**
 * Check several documents that are deployed together (one folder, one CLI
 * invocation, one workspace folder): each is parsed and validated on its own,
 * then the DPS rules see them all and report into the document that must change.
 * Results come back in input order.
 */
export function checkDeployment(inputs: readonly DeploymentInput[], options: DeploymentOptions = {}): CheckResult[] {
  const analysed = inputs.map((input) => analyse(input, options));
  const deployment = buildDeployment(analysed.map((a) => a.document), options.targetMacOS);
  const byDoc = new Map(analysed.map((a) => [a.document, a]));
  runRules(deployment, {
    textOf: (doc) => byDoc.get(doc)?.text ?? '',
    report: (doc, problem) => byDoc.get(doc)?.problems.push(problem),
  });
  return analysed.map((a) => finish(a, options, deployment));
}

interface Analysed {
  documentId: string;
  text: string;
  document: ProfileDocument;
  problems: ProblemInput[];
  signed?: SignedProfileInfo;
}

function analyse(input: DeploymentInput, options: DeploymentOptions): Analysed {
  const modelOptions = { documentId: input.documentId, fileName: input.fileName, preferenceDomainFiles: options.preferenceDomainFiles };
  let text = input.text;
  const problems: ProblemInput[] = [];
  let signed = input.signedEnvelope ? signedInfoOf(input.signedEnvelope, input.signature) : undefined;
  if (text === undefined) {
    const decoded = decodeBytes(input.bytes ?? new Uint8Array());
    if (decoded.signed) signed = signedInfoOf(decoded.signed, input.signature);
    if (signed) appendAll(problems, signatureProblems(signed));
    appendAll(problems, decoded.problems);
    if (decoded.text === undefined) return { documentId: input.documentId, text: '', document: buildModel(undefined, modelOptions), problems, signed };
    text = decoded.text;
  } else {
    if (signed) appendAll(problems, signatureProblems(signed));
    if (text.trim() === '') {
      problems.push({ code: 'DPS100', message: text === '' ? 'The file is empty; a profile is an XML property list.' : 'The file holds only whitespace; a profile is an XML property list.', span: { start: 0, end: 0 } });
      return { documentId: input.documentId, text, document: buildModel(undefined, modelOptions), problems, signed };
    }
  }
  const parsed = parsePlist(text);
  const document = buildModel(parsed.root, modelOptions);
  appendAll(problems, parsed.problems);
  appendAll(problems, checkStructure(document, text));
  appendAll(problems, validateDocument(document));
  return { documentId: input.documentId, text, document, problems, signed };
}

function finish(a: Analysed, options: DeploymentOptions, deployment: DpsDeployment): CheckResult {
  for (const p of a.problems) {
    if (p.related) for (const r of p.related) if (!r.documentId) r.documentId = a.documentId;
    if (p.fixes) for (const f of p.fixes) for (const e of f.edits) if (!e.documentId) e.documentId = a.documentId;
  }
  const problems = applySeverities(a.problems, options.severities).sort(compareProblems);
  return { documentId: a.documentId, text: a.text, lineIndex: new LineIndex(a.text), document: a.document, problems, deployment, ...(a.signed ? { signed: a.signed } : {}) };
}
