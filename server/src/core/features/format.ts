import { eolOf } from '../edit';
import type { Span } from '../plist/ast';
import { parsePlist } from '../plist/parse';
import type { TextEditSpec } from '../problem';
import { tokenize } from './xml-scan';

/**
 * The plist formatter. It only ever rewrites the whitespace between markup
 * tokens: every element, comment and string value stays byte for byte, so it
 * cannot reorder keys, lose a comment or change a value. One element per line,
 * container contents indented one level (the dict inside <plist> is not, as
 * Apple writes it), the file's own line break, a comment that trailed an
 * element on its line stays there.
 *
 * It returns minimal edits (one per changed gap) rather than one whole-file
 * edit: the editor keeps cursors, selections and markers, undo shows what
 * changed, and range formatting is just the edits inside the range.
 */

export interface FormatOptions {
  insertSpaces: boolean;
  tabSize: number;
}

/** Parse problems that mean the markup itself is broken: formatting would guess, so it does nothing. */
const BROKEN_MARKUP = new Set(['DPS101', 'DPS105', 'DPS106', 'DPS114', 'DPS115']);

export function formatEdits(
  text: string,
  options: FormatOptions,
  range?: Span,
  problems: readonly { code: string }[] = parsePlist(text).problems,
): TextEditSpec[] {
  if (problems.some((p) => BROKEN_MARKUP.has(p.code))) return [];
  const tokens = tokenize(text);
  if (!tokens || !tokens.length) return [];
  const unit = options.insertSpaces ? ' '.repeat(Math.max(1, options.tabSize | 0)) : '\t';
  const eol = eolOf(text);
  const edits: TextEditSpec[] = [];
  const gap = (start: number, end: number, wanted: string) => {
    if (text.slice(start, end) !== wanted) edits.push({ span: { start, end }, newText: wanted });
  };

  const first = tokens[0].span.start;
  const leadingStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  gap(leadingStart, first, '');

  let level = 0;
  const containers: string[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const prev = tokens[i - 1];
    const tok = tokens[i];
    if (prev.kind === 'open') {
      containers.push(prev.name ?? '');
      if (prev.name !== 'plist') level++;
    }
    if (tok.kind === 'close') {
      const name = containers.pop();
      if (name !== 'plist') level = Math.max(0, level - 1);
    }
    const between = text.slice(prev.span.end, tok.span.start);
    let wanted: string;
    if (prev.kind === 'open' && tok.kind === 'close')
      wanted = ''; // an empty container stays on one line
    else if (tok.kind === 'comment' && !/[\r\n]/.test(between))
      wanted = ' '; // a trailing comment stays on its line
    else wanted = eol + unit.repeat(level);
    gap(prev.span.end, tok.span.start, wanted);
  }
  const last = tokens[tokens.length - 1].span.end;
  gap(last, text.length, eol);

  if (!range) return edits;
  return edits.filter((e) => e.span.start <= range.end && e.span.end >= range.start);
}
