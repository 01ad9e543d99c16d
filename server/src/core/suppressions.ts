import { CODES, codeInfo } from './codes';
import type { Fix, Problem, ProblemInput } from './problem';
import { LineIndex } from './text';

/**
 * Inline suppressions, written as XML comments in the profile:
 *
 *   <!-- dps-profiles-disable-next-line DPS470 - Kandji reads this key -->
 *   <!-- dps-profiles-disable DPS302, unknown-key - keys of our own agent -->
 *
 * The first silences the codes for problems that start on the next line, the second for the whole
 * file. Codes or rule names, separated by spaces or commas; a reason may follow a lone `-` (an XML
 * comment cannot hold `--`, so ESLint's `-- reason` would make the profile ill-formed). Applied where
 * a check's problems are finalised (check.ts, workspace.ts), so the CLI and the editor agree.
 * DPS010 reports a directive that silenced nothing (on request); DPS011 a code it does not know.
 */

export type DirectiveKind = 'disable-next-line' | 'disable';

export interface Directive {
  kind: DirectiveKind;
  /** Canonical codes named by the directive. */
  codes: string[];
  /** The whole comment. */
  span: { start: number; end: number };
  /** For `disable-next-line`: the 0-based line it covers. */
  line: number;
  reason?: string;
  /** Codes that silenced at least one problem. */
  used: Set<string>;
}

export interface Suppressions {
  directives: Directive[];
  /** DPS011 problems: names in a directive that are no code. */
  problems: ProblemInput[];
}

/** The start of a directive comment's content (after `<!--`); the rest, up to `-->`, is its body. */
const DIRECTIVE_HEAD = /^\s*dps-profiles-(disable-next-line|disable)(?=[\s-])/;
const SELF_CODES = new Set(['DPS010', 'DPS011']);

function canonical(name: string): string | undefined {
  const upper = name.toUpperCase();
  if (codeInfo(upper)) return upper;
  return CODES.find((c) => c.name === name.toLowerCase())?.code;
}

/** Find the directives of a text. Pure, linear in the text. */
export function parseSuppressions(text: string, lineIndex: LineIndex = new LineIndex(text)): Suppressions {
  const directives: Directive[] = [];
  const problems: ProblemInput[] = [];
  if (!text.includes('dps-profiles-disable')) return { directives, problems };
  // Every `<!--` is looked at (a directive may sit after another comment's `<!--`), each `-->` found once: the
  // expression this replaced ran on to the end of the text from every unclosed `<!--dps-profiles-disable`.
  let close = -1;
  for (let start = text.indexOf('<!--'); start >= 0; start = text.indexOf('<!--', start + 4)) {
    if (close < start + 4) close = text.indexOf('-->', start + 4);
    if (close < 0) break;
    // One character past the content, for the lookahead after the kind (`<!--dps-profiles-disable-->`).
    const head = DIRECTIVE_HEAD.exec(text.slice(start + 4, close + 1));
    if (!head) continue;
    const span = { start, end: close + 3 };
    const kind = head[1] as DirectiveKind;
    const bodyStart = start + 4 + head[0].length;
    const body = text.slice(bodyStart, close);
    start = close - 1;
    const dash = body.search(/(^|\s)-(\s|$)/);
    const list = dash >= 0 ? body.slice(0, dash) : body;
    const reason =
      dash >= 0
        ? body
            .slice(dash)
            .replace(/^\s*-\s*/, '')
            .trim() || undefined
        : undefined;
    const codes: string[] = [];
    for (const token of list.matchAll(/[^\s,]+/g)) {
      const code = canonical(token[0]);
      if (code) {
        codes.push(code);
        continue;
      }
      const at = bodyStart + (token.index ?? 0);
      problems.push({
        code: 'DPS011',
        message: `"${token[0]}" in this dps-profiles-${kind} comment is neither a diagnostic code nor a rule name; it silences nothing.`,
        span: { start: at, end: at + token[0].length },
      });
    }
    if (codes.length === 0 && problems.length === 0) {
      problems.push({ code: 'DPS011', message: `This dps-profiles-${kind} comment names no code; name the codes it silences (e.g. DPS302).`, span });
    }
    directives.push({ kind, codes, span, line: lineIndex.positionAt(span.end).line + 1, reason, used: new Set() });
  }
  return { directives, problems };
}

/**
 * The problems no directive silences; marks the directives that silenced something as used. The directives are
 * looked up by code (and line), not tried one by one for each problem: both can number in the thousands.
 */
export function applySuppressions(problems: readonly Problem[], suppressions: Suppressions, lineIndex: LineIndex): Problem[] {
  if (suppressions.directives.length === 0) return [...problems];
  // Keys: the code, for the whole file; `line code` for the next line. Each key's directives are marked used once.
  const byKey = new Map<string, { code: string; directives: Directive[]; used: boolean }>();
  const nextLineCodes = new Set<string>();
  for (const d of suppressions.directives) {
    for (const code of d.codes) {
      const key = d.kind === 'disable' ? code : `${d.line} ${code}`;
      if (d.kind === 'disable-next-line') nextLineCodes.add(code);
      const entry = byKey.get(key);
      if (entry) entry.directives.push(d);
      else byKey.set(key, { code, directives: [d], used: false });
    }
  }
  const kept = problems.filter((p) => {
    if (SELF_CODES.has(p.code)) return true;
    const fileWide = byKey.get(p.code);
    const nextLine = nextLineCodes.has(p.code) ? byKey.get(`${lineIndex.positionAt(p.span.start).line} ${p.code}`) : undefined;
    if (fileWide) fileWide.used = true;
    if (nextLine) nextLine.used = true;
    return !fileWide && !nextLine;
  });
  for (const entry of byKey.values()) if (entry.used) for (const d of entry.directives) d.used.add(entry.code);
  return kept;
}

/** DPS010 for every code of a directive that silenced nothing (`--report-unused-disable-directives`). */
export function unusedDirectiveProblems(suppressions: Suppressions, index: LineIndex): ProblemInput[] {
  const out: ProblemInput[] = [];
  for (const d of suppressions.directives) {
    const unused = d.codes.filter((c) => !d.used.has(c));
    if (unused.length === 0) continue;
    const which = unused.join(', ');
    const scope = d.kind === 'disable' ? 'in this file' : 'on the next line';
    const everything = unused.length === d.codes.length;
    out.push({
      code: 'DPS010',
      message: `This dps-profiles-${d.kind} comment silences ${which}, but there is no such problem ${scope}.${everything ? ' Remove the comment.' : ` Remove ${which} from it.`}`,
      span: d.span,
      ...(everything
        ? { fixes: [{ title: 'Remove the unused dps-profiles comment', edits: [{ span: lineSpanOf(d.span, index), newText: '' }], safe: true }] }
        : {}),
    });
  }
  return out;
}

/** The comment's own line with its line break when it stands alone on it, else the comment. */
function lineSpanOf(span: { start: number; end: number }, index: LineIndex): { start: number; end: number } {
  const text = index.text;
  const lineStart = index.offsetAt({ line: index.positionAt(span.start).line, character: 0 });
  const nextLine = index.offsetAt({ line: index.positionAt(span.end).line + 1, character: 0 });
  const before = text.slice(lineStart, span.start);
  const after = text.slice(span.end, nextLine);
  return before.trim() === '' && after.trim() === '' && nextLine > span.end ? { start: lineStart, end: nextLine } : span;
}

/**
 * The quick fix "Disable <code> for this line": a `disable-next-line` comment on its own line above the
 * problem's first line, indented like it. None for the codes about suppressions themselves, or when the
 * comment would have to go before the XML declaration.
 */
export function disableNextLineFix(text: string, problem: { code: string; span: { start: number } }, index: LineIndex = new LineIndex(text)): Fix | undefined {
  if (SELF_CODES.has(problem.code)) return undefined;
  const line = index.positionAt(problem.span.start).line;
  const lineStart = index.offsetAt({ line, character: 0 });
  const lineText = text.slice(lineStart, index.offsetAt({ line: line + 1, character: 0 }));
  if (lineText.includes('<?xml')) return undefined;
  const indent = /^[ \t]*/.exec(lineText)![0];
  return {
    title: `Disable ${problem.code} for this line`,
    edits: [{ span: { start: lineStart, end: lineStart }, newText: `${indent}<!-- dps-profiles-disable-next-line ${problem.code} -->${index.eol}` }],
  };
}

/** The quick fix "Disable <code> for this file": a `disable` comment after the XML prologue. */
export function disableFileFix(text: string, problem: { code: string }, index: LineIndex = new LineIndex(text)): Fix | undefined {
  if (SELF_CODES.has(problem.code)) return undefined;
  const plist = /<plist\b[^>]*>/.exec(text);
  if (!plist) return undefined;
  const at = plist.index + plist[0].length;
  return {
    title: `Disable ${problem.code} for this file`,
    edits: [{ span: { start: at, end: at }, newText: `${index.eol}<!-- dps-profiles-disable ${problem.code} -->` }],
  };
}
