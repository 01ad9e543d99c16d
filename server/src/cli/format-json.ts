import type { Range, Severity } from '../core';
import { rangeIn, type CheckedFile, type Report, type Summary } from './report';

/** The `--format json` contract, version 1 (docs/json-format.md). Change it only by bumping `version`. */
export interface JsonReport {
  version: 1;
  files: JsonFile[];
  summary: Summary;
}

export interface JsonFile {
  path: string;
  diagnostics: JsonDiagnostic[];
}

export interface JsonDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  /** 0-based line and UTF-16 character, end exclusive: the LSP convention. */
  range: Range;
  keyPath?: string;
  related?: JsonRelated[];
}

export interface JsonRelated {
  path: string;
  /** Absent only when the related document was not checked in this run. */
  range?: Range;
  message: string;
}

export function toJsonReport(report: Report): JsonReport {
  const byPath = new Map<string, CheckedFile>(report.files.map((f) => [f.path, f]));
  return {
    version: 1,
    files: report.files.map((file) => ({
      path: file.path,
      diagnostics: file.problems.map((p) => {
        const d: JsonDiagnostic = { code: p.code, severity: p.severity, message: p.message, range: file.lineIndex.rangeOf(p.span) };
        if (p.keyPath !== undefined) d.keyPath = p.keyPath;
        if (p.related && p.related.length > 0) {
          d.related = p.related.map((r) => {
            const range = rangeIn(byPath, r.documentId, r.span);
            const related: JsonRelated = range ? { path: r.documentId, range, message: r.message } : { path: r.documentId, message: r.message };
            return related;
          });
        }
        return d;
      }),
    })),
    summary: report.summary,
  };
}

export function formatJson(report: Report): string {
  return JSON.stringify(toJsonReport(report), null, 2) + '\n';
}
