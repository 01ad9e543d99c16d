import type { Span } from '../plist/ast';
import type { Problem } from '../problem';
import type { EditorAction } from './navigation';

/**
 * "Convert to <type>" on a value whose element is not the one the schema
 * wants. The schema mapper already attaches the safe conversion to its DPS303
 * problem; this only offers that same fix from the refactor menu.
 */
export function conversionActionsAt(problems: readonly Problem[], span: Span): EditorAction[] {
  const out: EditorAction[] = [];
  for (const p of problems) {
    if (p.code !== 'DPS303' || !p.fixes?.length) continue;
    if (p.span.end < span.start || p.span.start > span.end) continue;
    const expected = typeof p.data?.expected === 'string' ? p.data.expected : 'the schema type';
    for (const fix of p.fixes) out.push({ title: `Convert to ${expected}: ${fix.title.replace(/^Change to /, '')}`, kind: 'refactor', edits: fix.edits });
  }
  return out;
}
