import type { Span } from './plist/ast';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

/** A place in another document (or this one) that explains a problem. */
export interface RelatedLocation {
  /** The document's id as the shell gave it (a path in the CLI, a URI in the server). */
  documentId: string;
  span: Span;
  message: string;
}

/** One replacement; `documentId` set when the edit lands in another document of the deployment. */
export interface TextEditSpec {
  span: Span;
  newText: string;
  documentId?: string;
}

/**
 * A quick fix, computed by the core with the problem (so shells never parse
 * messages or keep caches). `safe` fixes also run on `--fix` and fix-all on save:
 * they change only the node the problem is about.
 */
export interface Fix {
  title: string;
  edits: TextEditSpec[];
  preferred?: boolean;
  safe?: boolean;
}

/**
 * A problem found by the core. Offsets only; shells turn them into ranges.
 * `data` carries what a quick fix needs, so fixes never parse message text.
 */
export interface Problem {
  code: string;
  message: string;
  span: Span;
  /** Set by `applySeverities` from the catalog and the user's overrides. */
  severity: Severity;
  /** Dotted key path of the node, e.g. `PayloadContent[0].PlatformSSO.UseSharedDeviceKeys`. */
  keyPath?: string;
  related?: RelatedLocation[];
  data?: Record<string, unknown>;
  fixes?: Fix[];
}

export type ProblemInput = Omit<Problem, 'severity'> & { severity?: Severity };

/** At most this many problems are reported per document; the rest become one DPS125 (bounded memory and output). */
export const MAX_PROBLEMS_PER_DOCUMENT = 1000;

/**
 * Keep the first `max` problems (already in order) and replace the rest by one
 * DPS125 at the first dropped one, saying how many there were. Its severity is
 * the worst of the dropped ones, so capping never turns a failing file into a passing one.
 */
export function capProblems(problems: Problem[], max = MAX_PROBLEMS_PER_DOCUMENT): Problem[] {
  if (problems.length <= max) return problems;
  const dropped = problems.length - max;
  const rank: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };
  let worst: Severity = 'hint';
  // How many of each severity are left out: a warning budget (--max-warnings) counts them, not the one DPS125.
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (let i = max; i < problems.length; i++) {
    const severity = problems[i].severity;
    counts[severity]++;
    if (rank[severity] > rank[worst]) worst = severity;
  }
  const first = problems[max];
  const kept = problems.slice(0, max);
  kept.push({
    code: 'DPS125',
    severity: worst,
    message: `${withCommas(dropped)} more problem${dropped === 1 ? '' : 's'} in this file ${dropped === 1 ? 'is' : 'are'} not listed (only the first ${withCommas(max)} are); fix these and check again.`,
    span: { start: first.span.start, end: first.span.start },
    data: { dropped: counts },
  });
  return kept;
}

/** The warnings among a document's problems, those a DPS125 stands for included. */
export function countWarnings(problems: readonly Problem[]): number {
  let n = 0;
  for (const p of problems) {
    const dropped = p.code === 'DPS125' ? (p.data?.dropped as Partial<Record<Severity, number>> | undefined) : undefined;
    if (dropped) n += dropped.warning ?? 0;
    else if (p.severity === 'warning') n++;
  }
  return n;
}

/** A count with thousands separators (12,345), as `toLocaleString('en-US')` writes it, without loading ICU's number formatting (~20 ms). */
export function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The one order of a document's problems, everywhere they are shown: by position, then by code. */
export function compareProblems(x: Problem, y: Problem): number {
  return x.span.start - y.span.start || x.span.end - y.span.end || (x.code < y.code ? -1 : x.code > y.code ? 1 : 0);
}
