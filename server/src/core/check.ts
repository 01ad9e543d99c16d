import { applySeverities, type SeverityOverrides } from './codes';
import { decodeBytes } from './decode';
import { buildDeployment, type DpsDeployment } from './dps/deployment';
import { buildModel, type ProfileDocument } from './model';
import type { PlistNode } from './plist/ast';
import { parsePlist } from './plist/parse';
import { capProblems, compareProblems, MAX_PROBLEMS_PER_DOCUMENT, type Problem, type ProblemInput } from './problem';
import { runRules } from './rules';
import { appendAll, validateDocument } from './schema/validate-document';
import { checkStructure } from './structure';
import { applySuppressions, parseSuppressions, type Suppressions } from './suppressions';
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
  /** Whether the Device Access SCEP certificate must be among the checked files (`included`) or comes another way (`external`). */
  deviceAccessScep?: 'included' | 'external';
  /** The documents are the whole deployment (CLI `--deployment`): a piece none of them holds is missing for certain. */
  wholeDeployment?: boolean;
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
  /** The `dps-profiles-disable...` comments of the text, and which of them silenced a problem. */
  suppressions?: Suppressions;
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
  return checkAnalysed(
    inputs.map((input) => analyseDocument(parseDocument(input, options))),
    options,
  );
}

/**
 * One document decoded, parsed and modelled, with the problems found on the way
 * (signature, decoding, XML). It depends on nothing but the input and the
 * preference-domain files, so a shell may keep it while the document is unchanged
 * (the server does, per document version); nothing later modifies it.
 */
export interface ParsedDocument {
  documentId: string;
  text: string;
  lineIndex: LineIndex;
  /** The plist tree; undefined when there is no text to parse (binary, empty). */
  root: PlistNode | undefined;
  document: ProfileDocument;
  problems: readonly ProblemInput[];
  signed?: SignedProfileInfo;
}

/** A parsed document with its own checks added (structure, schema): everything that does not need the other documents. */
export interface DocumentAnalysis extends ParsedDocument {
  /** The parse, signature and decoding problems, then structure and schema problems. */
  problems: readonly ProblemInput[];
}

/** Empty or undecodable documents: no text to parse, so no structure or schema checks either. */
const nothingToCheck = new WeakSet<ParsedDocument>();

/** Decode (for bytes), parse and model one document. Never throws. */
export function parseDocument(input: DeploymentInput, options: Pick<DeploymentOptions, 'preferenceDomainFiles'> = {}): ParsedDocument {
  const modelOptions = { documentId: input.documentId, fileName: input.fileName, preferenceDomainFiles: options.preferenceDomainFiles };
  let text = input.text;
  const problems: ProblemInput[] = [];
  let signed = input.signedEnvelope ? signedInfoOf(input.signedEnvelope, input.signature) : undefined;
  const unparsed = (text: string): ParsedDocument => {
    const result = {
      documentId: input.documentId,
      text,
      lineIndex: new LineIndex(text),
      root: undefined,
      document: buildModel(undefined, modelOptions),
      problems,
      ...(signed ? { signed } : {}),
    };
    nothingToCheck.add(result);
    return result;
  };
  if (text === undefined) {
    const decoded = decodeBytes(input.bytes ?? new Uint8Array());
    if (decoded.signed) signed = signedInfoOf(decoded.signed, input.signature);
    if (signed) appendAll(problems, signatureProblems(signed));
    appendAll(problems, decoded.problems);
    if (decoded.text === undefined) return unparsed('');
    text = decoded.text;
  } else {
    if (signed) appendAll(problems, signatureProblems(signed));
    if (text.trim() === '') {
      problems.push({
        code: 'DPS100',
        message: text === '' ? 'The file is empty; a profile is an XML property list.' : 'The file holds only whitespace; a profile is an XML property list.',
        span: { start: 0, end: 0 },
      });
      return unparsed(text);
    }
  }
  const parsed = parsePlist(text);
  appendAll(problems, parsed.problems);
  return {
    documentId: input.documentId,
    text,
    lineIndex: new LineIndex(text),
    root: parsed.root,
    document: buildModel(parsed.root, modelOptions),
    problems,
    ...(signed ? { signed } : {}),
  };
}

/** Add the document's own checks (structure, schema) to its parse. The parse is not modified. */
export function analyseDocument(parsed: ParsedDocument): DocumentAnalysis {
  if (nothingToCheck.has(parsed)) return parsed;
  const problems = [...parsed.problems];
  appendAll(problems, checkStructure(parsed.document, parsed.text));
  appendAll(problems, validateDocument(parsed.document));
  return { ...parsed, problems };
}

/**
 * The deployment step alone: the DPS rules over documents already analysed (the
 * server keeps each member's analysis and re-runs only this on an edit).
 * The analyses are not modified; results come back in their order, only for the
 * documents in `resultsFor` when it is given (the rules still see every document).
 */
export function checkAnalysed(analyses: readonly DocumentAnalysis[], options: DeploymentOptions = {}, resultsFor?: ReadonlySet<string>): CheckResult[] {
  const deployment = buildDeployment(
    analyses.map((a) => a.document),
    options.targetMacOS,
    { deviceAccessScep: options.deviceAccessScep, wholeDeployment: options.wholeDeployment },
  );
  const reported = new Map<ProfileDocument, ProblemInput[]>();
  const byDoc = new Map(analyses.map((a) => [a.document, a]));
  runRules(deployment, {
    textOf: (doc) => byDoc.get(doc)?.text ?? '',
    report: (doc, problem) => {
      if (!byDoc.has(doc)) return;
      const list = reported.get(doc);
      if (list) list.push(problem);
      else reported.set(doc, [problem]);
    },
  });
  const wanted = resultsFor ? analyses.filter((a) => resultsFor.has(a.documentId)) : analyses;
  return wanted.map((a) => finish(a, [...a.problems, ...(reported.get(a.document) ?? [])], options, deployment));
}

function finish(a: DocumentAnalysis, found: ProblemInput[], options: DeploymentOptions, deployment: DpsDeployment): CheckResult {
  for (const p of found) {
    if (p.related) for (const r of p.related) if (!r.documentId) r.documentId = a.documentId;
    if (p.fixes) for (const f of p.fixes) for (const e of f.edits) if (!e.documentId) e.documentId = a.documentId;
  }
  const suppressions = parseSuppressions(a.text, a.lineIndex);
  const sorted = applySuppressions(applySeverities([...found, ...suppressions.problems], options.severities), suppressions, a.lineIndex).sort(compareProblems);
  // Capped per document; a second pass lets an override of DPS125 itself apply (the others are unchanged by it).
  const problems = sorted.length > MAX_PROBLEMS_PER_DOCUMENT ? applySeverities(capProblems(sorted), options.severities) : sorted;
  return {
    documentId: a.documentId,
    text: a.text,
    lineIndex: a.lineIndex,
    document: a.document,
    problems,
    deployment,
    suppressions,
    ...(a.signed ? { signed: a.signed } : {}),
  };
}
