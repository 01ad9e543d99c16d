import { applySeverities, type SeverityOverrides } from './codes';
import { decodeBytes } from './decode';
import { buildModel, type ProfileDocument } from './model';
import { parsePlist } from './plist/parse';
import type { Problem, ProblemInput } from './problem';
import { validateDocument } from './schema/validate-document';
import { checkStructure } from './structure';
import { LineIndex } from './text';

export interface CheckOptions {
  /** A path (CLI) or URI (server); related locations in this document carry it. */
  documentId: string;
  /** Base name or path; `<domain>.plist` marks a bare preference plist. */
  fileName?: string;
  severities?: SeverityOverrides;
  preferenceDomainFiles?: Readonly<Record<string, string>>;
}

export interface CheckResult {
  text: string;
  lineIndex: LineIndex;
  document: ProfileDocument;
  problems: Problem[];
}

/** Check one document's text. Never throws: every failure is a problem. */
export function checkText(text: string, options: CheckOptions): CheckResult {
  const { document, problems } = analyse(text, options);
  return finish(text, problems, options, document);
}

/** Decode bytes (UTF-8/UTF-16, binary and signed files recognised), then check. */
export function checkBytes(bytes: Uint8Array, options: CheckOptions): CheckResult {
  const decoded = decodeBytes(bytes);
  if (decoded.text === undefined) {
    return finish('', decoded.problems, options, buildModel(undefined, options));
  }
  const { document, problems } = analyse(decoded.text, options);
  return finish(decoded.text, [...decoded.problems, ...problems], options, document);
}

function analyse(text: string, options: CheckOptions): { document: ProfileDocument; problems: ProblemInput[] } {
  const parsed = parsePlist(text);
  const document = buildModel(parsed.root, options);
  return { document, problems: [...parsed.problems, ...checkStructure(document), ...validateDocument(document)] };
}

function finish(text: string, raw: ProblemInput[], options: CheckOptions, document: ProfileDocument): CheckResult {
  for (const p of raw) {
    if (p.related) for (const r of p.related) if (!r.documentId) r.documentId = options.documentId;
  }
  const problems = applySeverities(raw, options.severities).sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
  return { text, lineIndex: new LineIndex(text), document, problems };
}
