import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import { type CheckResult, selectSafeEdits } from '../core';
import type { LspFix } from './diagnostics';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.dpsProfiles`;

/** Quick fixes come from the diagnostic's own data (built by the core), never from its message. */
export function codeActionsFor(diagnostics: readonly Diagnostic[], version: number): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== 'dps-profiles') continue;
    const fixes = (d.data as { fixes?: LspFix[] } | undefined)?.fixes;
    for (const fix of fixes ?? []) {
      if (fix.version !== undefined && fix.version !== version) continue; // stale: the text moved on
      const changes: Record<string, TextEdit[]> = {};
      for (const e of fix.edits) (changes[e.uri] ??= []).push({ range: e.range, newText: e.newText });
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: fix.preferred, edit: { changes } });
    }
  }
  return actions;
}

/** Fix all safe problems of one document in one edit set (on save, or from the command palette). */
export function fixAllAction(uri: string, result: CheckResult): CodeAction | undefined {
  const { edits } = selectSafeEdits(result.problems, uri);
  if (!edits.length) return undefined;
  const textEdits: TextEdit[] = edits.map((e) => ({ range: result.lineIndex.rangeOf(e.span), newText: e.newText }));
  return { title: 'Fix all safe DPS problems', kind: FIX_ALL_KIND, edit: { changes: { [uri]: textEdits } } };
}
