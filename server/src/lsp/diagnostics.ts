import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver/node';
import { docsPath } from '../core/codes';
import type { Problem, Severity } from '../core/problem';
import type { LineIndex } from '../core/text';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticContext {
  uri: string;
  lineIndex: LineIndex;
  /** URI of the folder holding `docs/rules/`, i.e. the extension root. */
  extensionRoot: string;
  /** Line index of another open document, for related locations outside this one. */
  lineIndexOf(uri: string): LineIndex | undefined;
  relatedInformation: boolean;
  /** The document version the problems belong to; fixes carry it so stale ones are refused. */
  version?: number;
}

/** A quick fix as it travels in `diagnostic.data`: LSP ranges, per-document edits. */
export interface LspFix {
  title: string;
  preferred?: boolean;
  safe?: boolean;
  version?: number;
  edits: { uri: string; range: Range; newText: string }[];
}

/** The rule's docs page below the extension root; undefined (no link, the diagnostic still shows) if the root is no URI. */
export function rulesDocUri(extensionRoot: string, code: string): string | undefined {
  try {
    return new URL(docsPath(code), extensionRoot.endsWith('/') ? extensionRoot : `${extensionRoot}/`).href;
  } catch {
    return undefined;
  }
}

export function toDiagnostic(problem: Problem, ctx: DiagnosticContext): Diagnostic {
  const href = rulesDocUri(ctx.extensionRoot, problem.code);
  const diagnostic: Diagnostic = {
    range: ctx.lineIndex.rangeOf(problem.span),
    severity: SEVERITY[problem.severity],
    code: problem.code,
    ...(href ? { codeDescription: { href } } : {}),
    source: 'dps-profiles',
    message: problem.message,
    // Quick fixes are built from this, never from the message text.
    data: { ...(problem.data ?? {}), keyPath: problem.keyPath, fixes: lspFixes(problem, ctx), version: ctx.version },
  };
  if (ctx.relatedInformation && problem.related?.length) {
    diagnostic.relatedInformation = problem.related.map((related): DiagnosticRelatedInformation => {
      const uri = related.documentId === '' ? ctx.uri : related.documentId;
      const index = uri === ctx.uri ? ctx.lineIndex : ctx.lineIndexOf(uri);
      // A closed document's text is unknown here: point at its start rather than drop the hint.
      const range = index ? index.rangeOf(related.span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return { location: { uri, range }, message: related.message };
    });
  }
  return diagnostic;
}

function lspFixes(problem: Problem, ctx: DiagnosticContext): LspFix[] | undefined {
  if (!problem.fixes?.length) return undefined;
  const out: LspFix[] = [];
  for (const fix of problem.fixes) {
    const edits: LspFix['edits'] = [];
    let complete = true;
    for (const e of fix.edits) {
      const uri = !e.documentId ? ctx.uri : e.documentId;
      const index = uri === ctx.uri ? ctx.lineIndex : ctx.lineIndexOf(uri);
      if (!index) {
        complete = false; // a fix whose target text is unknown is not offered
        break;
      }
      edits.push({ uri, range: index.rangeOf(e.span), newText: e.newText });
    }
    if (complete) out.push({ title: fix.title, preferred: fix.preferred, safe: fix.safe, version: ctx.version, edits });
  }
  return out.length ? out : undefined;
}
