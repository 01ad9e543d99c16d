import type { Fix, Problem, TextEditSpec } from './problem';

export interface FixOutcome {
  text: string;
  applied: number;
  /** What each applied fix changed, in the document's order: for `--fix`'s report. */
  changes: FixChange[];
  /** Fixes left out because they overlapped an earlier one or touched another document. */
  skipped: number;
}

/**
 * Apply the first safe fix of each problem to one document. Edits that
 * overlap an edit already taken are skipped whole (a fix is all or nothing),
 * so the result never mixes two fixes of the same text; run again to converge.
 */
export function applyFixes(text: string, problems: readonly Problem[], documentId: string): FixOutcome {
  const { edits, applied, skipped, fixed } = selectSafeEdits(problems, documentId);
  const changes = fixed.map(({ problem, fix }) => ({
    code: problem.code,
    ...(problem.keyPath !== undefined ? { keyPath: problem.keyPath } : {}),
    title: fix.title,
    edits: fix.edits.map((e) => ({ old: text.slice(e.span.start, e.span.end), new: e.newText })),
  }));
  return { text: applyEdits(text, edits), applied, skipped, changes };
}

/** One applied fix: the problem's code and key path, the fix's title, and each replaced text with its replacement. */
export interface FixChange {
  code: string;
  keyPath?: string;
  title: string;
  edits: { old: string; new: string }[];
}

/** The edits of the safe fixes that apply together to one document (the same choice `applyFixes` makes). */
export function selectSafeEdits(
  problems: readonly Problem[],
  documentId: string,
): { edits: TextEditSpec[]; applied: number; skipped: number; fixed: { problem: Problem; fix: Fix }[] } {
  const taken: TextEditSpec[] = [];
  const fixed: { problem: Problem; fix: Fix }[] = [];
  let applied = 0;
  let skipped = 0;
  for (const p of problems) {
    const fix = p.fixes?.find((f) => f.safe);
    if (!fix) continue;
    const edits = fix.edits;
    if (edits.some((e) => e.documentId !== undefined && e.documentId !== documentId)) {
      skipped++;
      continue;
    }
    if (edits.some((e) => taken.some((t) => overlaps(t, e)))) {
      skipped++;
      continue;
    }
    taken.push(...edits);
    fixed.push({ problem: p, fix });
    applied++;
  }
  return { edits: taken, applied, skipped, fixed };
}

function overlaps(a: TextEditSpec, b: TextEditSpec): boolean {
  // Two insertions at one point conflict too: their order would be a guess.
  if (a.span.start === a.span.end && b.span.start === b.span.end) return a.span.start === b.span.start;
  return (a.span.start < b.span.end && b.span.start < a.span.end) || (a.span.start === b.span.start && a.span.end === b.span.end);
}

export function applyEdits(text: string, edits: readonly TextEditSpec[]): string {
  const sorted = [...edits].sort((x, y) => y.span.start - x.span.start || y.span.end - x.span.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}
