import type { Span } from '../plist/ast';

/**
 * A lexical view of a plist file: the markup tokens with the whitespace
 * between them. The parse tree does not keep comments or the prolog; the
 * formatter and folding need them. Only used on text the parser accepted
 * (the formatter) or for comments alone (folding), so it can stay simple.
 */

export type TokenKind = 'prolog' | 'comment' | 'cdata' | 'open' | 'close' | 'empty' | 'scalar';

export interface XmlToken {
  kind: TokenKind;
  span: Span;
  /** Element name for open/close/empty/scalar. */
  name?: string;
}

/** Elements whose content is text: kept byte for byte, the formatter never looks inside. */
const SCALARS = new Set(['key', 'string', 'integer', 'real', 'date', 'data', 'true', 'false']);

/** Index just after `terminator` from `from`, or -1. */
function after(text: string, from: number, terminator: string): number {
  const i = text.indexOf(terminator, from);
  return i < 0 ? -1 : i + terminator.length;
}

/** End of a tag starting at `start` (`<` … `>`), skipping quoted attribute values; -1 when `limit` or another `<` comes first. */
export function tagEnd(text: string, start: number, limit = text.length): number {
  let quote = 0;
  for (let i = start + 1; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 /* " */ || c === 39 /* ' */) quote = c;
    else if (c === 62 /* > */) return i + 1;
    else if (c === 60 /* < */) return -1;
  }
  return -1;
}

/** End of `<!DOCTYPE …>`, with an internal subset in brackets; -1 when it does not end before `limit`. */
export function doctypeEnd(text: string, start: number, limit = text.length): number {
  let depth = 0;
  let quote = '';
  for (let i = start + 2; i < limit; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return i + 1;
  }
  return -1;
}

/** End of a scalar element's close tag, skipping comments and CDATA in its content. */
function scalarEnd(text: string, contentStart: number, name: string): number {
  let i = contentStart;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return -1;
    if (text.startsWith('<!--', lt)) {
      i = after(text, lt + 4, '-->');
    } else if (text.startsWith('<![CDATA[', lt)) {
      i = after(text, lt + 9, ']]>');
    } else if (text.startsWith(`</${name}`, lt)) {
      return tagEnd(text, lt);
    } else return -1; // an element inside a scalar: not a file we format
    if (i < 0) return -1;
  }
  return -1;
}

/**
 * The markup tokens of a well-formed plist, in order. Undefined when the text
 * holds something this view does not expect (text between elements, an unclosed
 * construct): callers then leave the file alone.
 */
export function tokenize(text: string): XmlToken[] | undefined {
  const tokens: XmlToken[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c !== '<') return undefined;
    let end: number;
    let token: XmlToken;
    if (text.startsWith('<?', i)) {
      end = after(text, i + 2, '?>');
      token = { kind: 'prolog', span: { start: i, end } };
    } else if (text.startsWith('<!--', i)) {
      end = after(text, i + 4, '-->');
      token = { kind: 'comment', span: { start: i, end } };
    } else if (text.startsWith('<![CDATA[', i)) {
      end = after(text, i + 9, ']]>');
      token = { kind: 'cdata', span: { start: i, end } };
    } else if (text.startsWith('<!', i)) {
      end = doctypeEnd(text, i);
      token = { kind: 'prolog', span: { start: i, end } };
    } else if (text.startsWith('</', i)) {
      end = tagEnd(text, i);
      token = { kind: 'close', span: { start: i, end }, name: /^<\/\s*([^\s>]+)/.exec(text.slice(i, i + 40))?.[1] };
    } else {
      end = tagEnd(text, i);
      const name = /^<([^\s/>]+)/.exec(text.slice(i, i + 40))?.[1];
      if (end < 0 || !name) return undefined;
      if (text[end - 2] === '/') token = { kind: 'empty', span: { start: i, end }, name };
      else if (SCALARS.has(name)) {
        end = scalarEnd(text, end, name);
        token = { kind: 'scalar', span: { start: i, end }, name };
      } else token = { kind: 'open', span: { start: i, end }, name };
    }
    if (end < 0) return undefined;
    tokens.push(token);
    i = end;
  }
  return tokens;
}

/**
 * Comment spans, found in any text (even broken): `<!--` to `-->` or the end. One pass forward: a CDATA section
 * that opens before the next comment is skipped whole (an unclosed one is passed over), so `<!--` inside it is no
 * comment. (Looking back from each comment for a CDATA opening searched to the start of the file: quadratic.)
 */
export function commentSpans(text: string): Span[] {
  const out: Span[] = [];
  let cdata = text.indexOf('<![CDATA[');
  for (let i = 0; ;) {
    const start = text.indexOf('<!--', i);
    if (start < 0) return out;
    if (cdata >= 0 && cdata < i) cdata = text.indexOf('<![CDATA[', i);
    if (cdata >= 0 && cdata < start) {
      const cdataEnd = text.indexOf(']]>', cdata + 9);
      i = cdataEnd < 0 ? cdata + 9 : cdataEnd + 3;
      continue;
    }
    const close = text.indexOf('-->', start + 4);
    const end = close < 0 ? text.length : close + 3;
    out.push({ start, end });
    i = end;
  }
}
