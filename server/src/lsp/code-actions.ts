import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import { type CheckResult, selectSafeEdits } from '../core';
import type { LspFix } from './diagnostics';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.dpsProfiles`;

/**
 * Quick fixes come from the diagnostic's own data (built by the core), never from its message.
 * The data comes back from the client, so it is checked before it becomes an edit: a fix of the
 * wrong shape is skipped (and reported through `skipped`).
 */
export function codeActionsFor(diagnostics: readonly Diagnostic[], version: number, skipped: (reason: string) => void = () => undefined): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (!d || d.source !== 'dps-profiles') continue;
    const fixes = (d.data as { fixes?: unknown } | undefined)?.fixes;
    if (fixes === undefined) continue;
    if (!Array.isArray(fixes)) {
      skipped(`diagnostic ${String(d.code)}: data.fixes is not an array`);
      continue;
    }
    for (const candidate of fixes) {
      const wrong = fixShapeError(candidate);
      if (wrong) {
        skipped(`diagnostic ${String(d.code)}: ${wrong}`);
        continue;
      }
      const fix = candidate as LspFix;
      if (fix.version !== undefined && fix.version !== version) continue; // stale: the text moved on
      const changes: Record<string, TextEdit[]> = {};
      for (const e of fix.edits) (changes[e.uri] ??= []).push({ range: e.range, newText: e.newText });
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: fix.preferred, edit: { changes } });
    }
  }
  return actions;
}

const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isPosition = (v: unknown) =>
  typeof v === 'object' && v !== null && isCount((v as { line?: unknown }).line) && isCount((v as { character?: unknown }).character);
const isRange = (v: unknown) => typeof v === 'object' && v !== null && isPosition((v as { start?: unknown }).start) && isPosition((v as { end?: unknown }).end);

/** What is wrong with a fix that came back in a diagnostic's data, or undefined when it is an `LspFix`. */
export function fixShapeError(fix: unknown): string | undefined {
  if (typeof fix !== 'object' || fix === null) return 'a fix is not an object';
  const f = fix as Record<string, unknown>;
  if (typeof f.title !== 'string') return 'a fix has no title';
  if (f.version !== undefined && typeof f.version !== 'number') return 'a fix version is not a number';
  if (!Array.isArray(f.edits) || f.edits.length === 0) return 'a fix has no edits';
  for (const e of f.edits as unknown[]) {
    const edit = e as Record<string, unknown> | null;
    if (typeof edit !== 'object' || edit === null || typeof edit.uri !== 'string' || typeof edit.newText !== 'string' || !isRange(edit.range)) {
      return 'a fix edit is not { uri, range, newText }';
    }
  }
  return undefined;
}

/** Fix all safe problems of one document in one edit set (on save, or from the command palette). */
export function fixAllAction(uri: string, result: CheckResult): CodeAction | undefined {
  const { edits } = selectSafeEdits(result.problems, uri);
  if (!edits.length) return undefined;
  const textEdits: TextEdit[] = edits.map((e) => ({ range: result.lineIndex.rangeOf(e.span), newText: e.newText }));
  return { title: 'Fix all safe DPS problems', kind: FIX_ALL_KIND, edit: { changes: { [uri]: textEdits } } };
}
