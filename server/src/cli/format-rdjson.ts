import type { LineIndex, Severity, Span } from '../core';
import type { FormatContext } from './formats';
import { helpUri, INFORMATION_URI, TOOL_NAME } from './format-sarif';
import type { Report } from './report';

/**
 * Reviewdog Diagnostic Format, rdjson (`reviewdog -f=rdjson`): one DiagnosticResult with a diagnostic
 * per problem. Positions are 1-based lines and 1-based columns counted in UTF-8 bytes, ends exclusive.
 * The safe fixes of a problem whose edits all land in its own file become `suggestions`, which reviewdog
 * posts as suggested changes on the pull request.
 */

const SEVERITY: Record<Severity, 'ERROR' | 'WARNING' | 'INFO'> = { error: 'ERROR', warning: 'WARNING', info: 'INFO', hint: 'INFO' };

function position(index: LineIndex, offset: number): { line: number; column: number } {
  const { line, character } = index.positionAt(offset);
  const lineStart = index.offsetAt({ line, character: 0 });
  return { line: line + 1, column: Buffer.byteLength(index.text.slice(lineStart, lineStart + character), 'utf8') + 1 };
}

function range(index: LineIndex, span: Span) {
  return { start: position(index, span.start), end: position(index, span.end) };
}

export function formatRdjson(report: Report, _context?: Partial<FormatContext>): string {
  const diagnostics = report.files.flatMap((file) =>
    file.problems.map((p) => {
      const safe = (p.fixes ?? []).filter((f) => f.safe && f.edits.every((e) => !e.documentId || e.documentId === file.path));
      const suggestions = safe.flatMap((f) => f.edits.map((e) => ({ range: range(file.lineIndex, e.span), text: e.newText })));
      return {
        message: p.message,
        location: { path: file.path, range: range(file.lineIndex, p.span) },
        severity: SEVERITY[p.severity],
        code: { value: p.code, url: helpUri(p.code) },
        ...(suggestions.length > 0 ? { suggestions } : {}),
      };
    }),
  );
  return `${JSON.stringify({ source: { name: TOOL_NAME, url: INFORMATION_URI }, diagnostics }, null, 2)}\n`;
}
