import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { disableFileFix, disableNextLineFix, type Fix } from '../core';

/**
 * "Disable DPS470 for this line" / "... for this file" on a dps-profiles diagnostic: the core builds the
 * `dps-profiles-disable...` comment (core/suppressions.ts), which the core then honours for the CLI too.
 */
export function suppressionActions(document: TextDocument, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const text = document.getText();
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  for (const d of diagnostics) {
    if (!d || d.source !== 'dps-profiles' || typeof d.code !== 'string') continue;
    const version = (d.data as { version?: number } | undefined)?.version;
    if (version !== undefined && version !== document.version) continue; // stale: the text moved on
    const problem = { code: d.code, span: { start: document.offsetAt(d.range.start) } };
    const line = disableNextLineFix(text, problem);
    const file = disableFileFix(text, problem);
    for (const fix of [line, file]) {
      if (!fix) continue;
      const key = `${fix.title}@${fix.edits[0].span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      actions.push(toAction(document, d, fix));
    }
  }
  return actions;
}

function toAction(document: TextDocument, diagnostic: Diagnostic, fix: Fix): CodeAction {
  const edits = fix.edits.map((e) => ({ range: { start: document.positionAt(e.span.start), end: document.positionAt(e.span.end) }, newText: e.newText }));
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [document.uri]: edits } } };
}
