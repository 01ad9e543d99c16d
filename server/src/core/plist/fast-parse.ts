import type { ProblemInput } from '../problem';
import type { ArrayNode, DictEntry, DictNode, PlistNode } from './ast';
import { MAX_DEPTH, closeNode, finishScalar, leadingBlankProblem, newEntry, newNode, reportDuplicateKeys, type ParseResult } from './build';

/**
 * The fast path of the plist parser: a hand-written scanner for the XML subset property lists are written
 * in (the XML declaration, Apple's DOCTYPE, elements without attributes but `<plist version>`, text,
 * comments, CDATA, character references and the five predefined entities), building the tree with the
 * same functions as the saxes-based parser (build.ts).
 *
 * It gives up — returns undefined, and parsePlist hands the text to saxes — on anything it does not
 * reproduce exactly: any XML error or irregularity (a character XML forbids, an unknown entity, `]]>` in
 * text, a processing instruction, a DOCTYPE with an internal subset or another DTD, an attribute, a
 * mismatched or unclosed tag, a byte order mark), and every plist problem but blank space before the XML
 * declaration (DPS123) and those decided on one closed element alone: scalar text (DPS110-113, DPS480) and
 * duplicate keys (DPS109), made by the shared code.
 * So a broken file gets exactly the problems saxes gives it, and a well-formed one never meets saxes.
 * Line ends are normalised as XML 1.0 requires (CRLF and a lone CR become LF) in text and CDATA, before
 * references are decoded (`&#13;` stays a CR); offsets stay UTF-16 code units into the original text.
 */

const LT = 60;
const GT = 62;
const SLASH = 47;
const BANG = 33;
const CR = 13;
const LF = 10;
const TAB = 9;
const SPACE = 32;
const OPEN_BRACKET = 91;

/** Any character outside [\t\n\r\x20-\uD7FF\uE000-\uFFFD]: a surrogate (fine in a pair) or a forbidden one. */
const UNUSUAL_CHAR = /[^\t\n\r\x20-\ud7ff\ue000-\ufffd]/;
/** A character XML 1.0 forbids, a lone surrogate included. */
const NOT_XML_CHAR = /[^\t\n\r\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
/** The XML declaration, only in its ordinary forms (anything else goes to saxes). */
const XML_DECL =
  /<\?xml[ \t\r\n]+version=(["'])1\.0\1(?:[ \t\r\n]+encoding=(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\r\n]+standalone=(["'])(?:yes|no)\3)?[ \t\r\n]*\?>/y;
/** Apple's DOCTYPE: a public identifier and PropertyList-1.0.dtd, no internal subset. */
const DOCTYPE = /<!DOCTYPE[ \t\r\n]+plist[ \t\r\n]+PUBLIC[ \t\r\n]+"[^"<>[\]]*"[ \t\r\n]+"[^"<>[\]]*PropertyList-1\.0\.dtd"[ \t\r\n]*>/y;

/** Distinct key names shared per parse; real profiles have a few hundred. */
const MAX_KEY_NAMES = 10_000;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isS(c: number): boolean {
  return c === SPACE || c === LF || c === TAB || c === CR;
}

function skipS(text: string, i: number): number {
  while (isS(text.charCodeAt(i))) i++;
  return i;
}

/** After `<!--` at `lt`: the offset after its `-->`, or -1 (unterminated, or `--` inside). */
function skipComment(text: string, lt: number): number {
  const dashes = text.indexOf('--', lt + 4);
  if (dashes < 0 || text.charCodeAt(dashes + 2) !== GT) return -1;
  return dashes + 3;
}

/** After the `-->` of a comment or the `]]>` of a CDATA section at `lt`; -1 for anything else or unterminated. */
function commentOrCdataEnd(text: string, lt: number): number {
  if (text.startsWith('<!--', lt)) return skipComment(text, lt);
  if (!text.startsWith('<![CDATA[', lt)) return -1;
  const close = text.indexOf(']]>', lt + 9);
  return close < 0 ? -1 : close + 3;
}

/** `</name` S? `>` at `lt`: the offset after `>`, or -1. */
function closeTagEnd(text: string, lt: number, name: string): number {
  if (text.charCodeAt(lt + 1) !== SLASH || !text.startsWith(name, lt + 2)) return -1;
  const i = skipS(text, lt + 2 + name.length);
  return text.charCodeAt(i) === GT ? i + 1 : -1;
}

/** The element name at `lt + 1` when it is one of the plist elements (followed by `>`, `/` or space), else undefined. */
function elementName(text: string, lt: number): string | undefined {
  let name: string;
  switch (text.charCodeAt(lt + 1)) {
    case 100 /* d */:
      name = text.charCodeAt(lt + 2) === 105 /* i */ ? 'dict' : text.charCodeAt(lt + 4) === 101 /* e */ ? 'date' : 'data';
      break;
    case 97 /* a */:
      name = 'array';
      break;
    case 107 /* k */:
      name = 'key';
      break;
    case 115 /* s */:
      name = 'string';
      break;
    case 105 /* i */:
      name = 'integer';
      break;
    case 114 /* r */:
      name = 'real';
      break;
    case 116 /* t */:
      name = 'true';
      break;
    case 102 /* f */:
      name = 'false';
      break;
    default:
      return undefined;
  }
  if (!text.startsWith(name, lt + 1)) return undefined;
  const after = text.charCodeAt(lt + 1 + name.length);
  return after === GT || after === SLASH || isS(after) ? name : undefined;
}

function isXmlChar(n: number): boolean {
  return n === TAB || n === LF || n === CR || (n >= 0x20 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd) || (n >= 0x10000 && n <= 0x10ffff);
}

/** The replacement of `&name;`, or undefined when saxes would report it. */
function entityValue(name: string): string | undefined {
  if (name.charCodeAt(0) !== 35 /* # */) return Object.prototype.hasOwnProperty.call(ENTITIES, name) ? ENTITIES[name] : undefined;
  let n: number;
  if (/^#x[0-9a-fA-F]+$/.test(name)) n = parseInt(name.slice(2), 16);
  else if (/^#[0-9]+$/.test(name)) n = parseInt(name.slice(1), 10);
  else return undefined;
  return isXmlChar(n) ? String.fromCodePoint(n) : undefined;
}

/** Character data as XML reads it (line ends normalised, references decoded), or undefined when saxes would report it. */
function decodeText(raw: string): string | undefined {
  if (raw.includes(']]>')) return undefined;
  if (raw.includes('\r')) raw = raw.replace(/\r\n?/g, '\n');
  let amp = raw.indexOf('&');
  if (amp < 0) return raw;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const semi = raw.indexOf(';', amp + 1);
    if (semi < 0) return undefined;
    const value = entityValue(raw.slice(amp + 1, semi));
    if (value === undefined) return undefined;
    out += raw.slice(from, amp) + value;
    from = semi + 1;
    amp = raw.indexOf('&', from);
  }
  return out + raw.slice(from);
}

/**
 * Where the next `&`, CR and `]` of the text are, found with `indexOf` (native) and kept while the parse moves forward:
 * asking "does this value hold one?" of every key and string then costs a comparison, not a loop over its characters
 * (most of a profile's text is values, and that loop ran cold, once per file, in a long run).
 */
interface SpecialChars {
  /** Where each search began, and what it found (the text's length for none). */
  ampFrom: number;
  amp: number;
  crFrom: number;
  cr: number;
  bracketFrom: number;
  bracket: number;
}

function newSpecialChars(): SpecialChars {
  return { ampFrom: -1, amp: -1, crFrom: -1, cr: -1, bracketFrom: -1, bracket: -1 };
}

/** The first `char` at or after `from`, or `text.length`. */
function nextOf(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at < 0 ? text.length : at;
}

/** Whether text[from, to) needs decodeText: a reference, a CR, or a `]` that may start `]]>`. */
function needsDecoding(text: string, from: number, to: number, next: SpecialChars): boolean {
  // A search is redone when this range starts before it began (never, as the parse only moves forward) or after
  // what it found; each is otherwise still the first at or after `from`.
  if (from < next.ampFrom || next.amp < from) {
    next.ampFrom = from;
    next.amp = nextOf(text, '&', from);
  }
  if (from < next.crFrom || next.cr < from) {
    next.crFrom = from;
    next.cr = nextOf(text, '\r', from);
  }
  if (from < next.bracketFrom || next.bracket < from) {
    next.bracketFrom = from;
    next.bracket = nextOf(text, ']', from);
  }
  return next.amp < to || next.cr < to || next.bracket < to;
}

/** Whether the character data text[from, to) between elements of a container is blank (else the saxes path reports DPS115). */
function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (!isS(text.charCodeAt(i))) {
      const decoded = decodeText(text.slice(from, to));
      return decoded !== undefined && !/\S/.test(decoded);
    }
  }
  return true;
}

/**
 * Where `<plist` starts after the XML declaration, blank space, comments and Apple's DOCTYPE; -1 to give up. Blank
 * space before the declaration is DPS123 (Microsoft's Intune samples have it), as the saxes path reports it.
 */
function prologEnd(text: string, problems: ProblemInput[]): number {
  let i = 0;
  const lead = skipS(text, 0);
  if (text.startsWith('<?xml', lead)) {
    XML_DECL.lastIndex = lead;
    if (!XML_DECL.test(text)) return -1;
    if (lead > 0) problems.push(leadingBlankProblem(lead));
    i = XML_DECL.lastIndex;
  }
  let sawDoctype = false;
  for (;;) {
    i = skipS(text, i);
    if (text.charCodeAt(i) !== LT) return -1;
    if (text.startsWith('<!--', i)) {
      i = skipComment(text, i);
      if (i < 0) return -1;
    } else if (!sawDoctype && text.startsWith('<!DOCTYPE', i)) {
      sawDoctype = true;
      DOCTYPE.lastIndex = i;
      if (!DOCTYPE.test(text)) return -1;
      const doctype = text.slice(i, DOCTYPE.lastIndex);
      if (/\bSYSTEM\b/i.test(doctype) || /<!ENTITY/i.test(doctype)) return -1;
      i = DOCTYPE.lastIndex;
    } else return text.startsWith('<plist', i) ? i : -1;
  }
}

/** After the `>` of `<plist>` or `<plist version="1.0">` at `start`; -1 to give up (another version is DPS118). */
function plistOpenEnd(text: string, start: number): number {
  let i = start + 6;
  if (isS(text.charCodeAt(i))) {
    i = skipS(text, i);
    if (text.startsWith('version=', i)) {
      const q = text.charCodeAt(i + 8);
      if (q !== 34 && q !== 39) return -1;
      const close = text.indexOf(q === 34 ? '"' : "'", i + 9);
      const version = close < 0 ? '' : text.slice(i + 9, close);
      if (version !== '1.0' && version !== '1') return -1;
      i = skipS(text, close + 1);
    }
  }
  return text.charCodeAt(i) === GT ? i + 1 : -1;
}

/** Where the element read by readScalar ends (after its close tag), and its content (the close tag's `<`). */
interface ScalarEnd {
  end: number;
  contentEnd: number;
}

/** The text of a scalar element whose open tag ends at `from`, up to its `</name>`; undefined to give up. */
function readScalar(text: string, from: number, name: string, at: ScalarEnd, special: SpecialChars): string | undefined {
  let value = '';
  let j = from;
  for (;;) {
    const lt = text.indexOf('<', j);
    if (lt < 0) return undefined;
    if (lt > j) {
      if (needsDecoding(text, j, lt, special)) {
        const piece = decodeText(text.slice(j, lt));
        if (piece === undefined) return undefined;
        value += piece;
      } else value = value.length === 0 ? text.slice(j, lt) : value + text.slice(j, lt);
    }
    const c = text.charCodeAt(lt + 1);
    if (c === SLASH) {
      const end = closeTagEnd(text, lt, name);
      if (end < 0) return undefined;
      at.contentEnd = lt;
      at.end = end;
      return value;
    }
    j = c === BANG ? commentOrCdataEnd(text, lt) : -1;
    if (j < 0) return undefined;
    if (text.charCodeAt(lt + 2) === OPEN_BRACKET) {
      const data = text.slice(lt + 9, j - 3);
      value += data.includes('\r') ? data.replace(/\r\n?/g, '\n') : data;
    }
  }
}

/** The plist tree of `text` when it is in the subset this scanner reproduces exactly; undefined to let saxes parse it. */
export function parseFast(text: string): ParseResult | undefined {
  if (UNUSUAL_CHAR.test(text) && NOT_XML_CHAR.test(text)) return undefined;
  const problems: ProblemInput[] = [];
  const plistStart = prologEnd(text, problems);
  if (plistStart < 0) return undefined;
  let i = plistOpenEnd(text, plistStart);
  if (i < 0) return undefined;

  let root: PlistNode | undefined;
  const stack: (DictNode | ArrayNode)[] = [];
  // The children of the open containers, innermost last; each container takes its own (an array of the exact
  // size, no growth copies) when it closes. `bases[n]` is where the children of stack[n] start.
  const entryScratch: DictEntry[] = [];
  const itemScratch: PlistNode[] = [];
  const bases: number[] = [];
  // One string per distinct key name: a large profile repeats the same few hundred keys (a file of only distinct
  // names fills the map up to MAX_KEY_NAMES, then the rest are kept as read).
  const keyNames = new Map<string, string>();
  let top: DictNode | ArrayNode | undefined;
  /** The key of `top` (a dict) waiting for its value. */
  let pending: DictEntry | undefined;
  const at: ScalarEnd = { end: 0, contentEnd: 0 };
  const special = newSpecialChars();

  /** Puts a value that just opened in its container; false to give up (a second root value, a value without key). */
  const attach = (node: PlistNode): boolean => {
    if (top === undefined) {
      if (root !== undefined) return false;
      root = node;
    } else if (top.kind === 'array') {
      node.parent = top;
      itemScratch.push(node);
    } else {
      if (pending === undefined) return false;
      node.parent = top;
      pending.value = node;
      entryScratch.push(pending);
      pending = undefined;
    }
    return true;
  };

  // The elements inside <plist>.
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt < 0 || (lt > i && !isBlank(text, i, lt))) return undefined;
    const c = text.charCodeAt(lt + 1);
    if (c === SLASH) {
      if (top === undefined) {
        i = closeTagEnd(text, lt, 'plist');
        if (i < 0) return undefined;
        break;
      }
      const end = closeTagEnd(text, lt, top.kind);
      if (end < 0) return undefined;
      closeNode(top, end, lt);
      const base = bases.pop()!;
      if (top.kind === 'dict') {
        if (pending !== undefined) return undefined; // DPS107
        top.entries = entryScratch.slice(base);
        entryScratch.length = base;
        reportDuplicateKeys(top, problems);
      } else {
        top.items = itemScratch.slice(base);
        itemScratch.length = base;
      }
      stack.pop();
      top = stack.length === 0 ? undefined : stack[stack.length - 1];
      i = end;
      continue;
    }
    if (c === BANG) {
      // A comment, or CDATA between elements: the saxes path ignores that too.
      i = commentOrCdataEnd(text, lt);
      if (i < 0) return undefined;
      continue;
    }
    const name = elementName(text, lt);
    if (name === undefined) return undefined;
    let openEnd = skipS(text, lt + 1 + name.length);
    let selfClosing = false;
    if (text.charCodeAt(openEnd) === SLASH) {
      selfClosing = true;
      openEnd++;
    }
    if (text.charCodeAt(openEnd) !== GT) return undefined;
    openEnd++;
    if (name === 'key') {
      if (top === undefined || top.kind !== 'dict' || pending !== undefined) return undefined; // DPS106, DPS107
      let key = '';
      let end = openEnd;
      let nameEnd = openEnd;
      if (!selfClosing) {
        const read = readScalar(text, openEnd, name, at, special);
        if (read === undefined) return undefined;
        const known = keyNames.get(read);
        if (known === undefined) {
          key = read;
          if (keyNames.size < MAX_KEY_NAMES) keyNames.set(read, read);
        } else key = known;
        end = at.end;
        nameEnd = at.contentEnd;
      }
      pending = newEntry(key, lt, end, openEnd, nameEnd);
      i = end;
      continue;
    }
    const node = newNode(name, lt, openEnd);
    if (node.kind === 'dict' || node.kind === 'array') {
      if (stack.length >= MAX_DEPTH || !attach(node)) return undefined; // DPS114; DPS105, DPS108
      if (selfClosing) closeNode(node, openEnd, openEnd);
      else {
        stack.push(node);
        bases.push(node.kind === 'dict' ? entryScratch.length : itemScratch.length);
        top = node;
      }
      i = openEnd;
      continue;
    }
    if (!attach(node)) return undefined;
    if (selfClosing) {
      closeNode(node, openEnd, openEnd);
      finishScalar(node, '', problems);
      i = openEnd;
    } else {
      const value = readScalar(text, openEnd, name, at, special);
      if (value === undefined) return undefined;
      closeNode(node, at.end, at.contentEnd);
      finishScalar(node, value, problems);
      i = at.end;
    }
  }
  if (root === undefined) return undefined; // DPS105
  const plistSpan = { start: plistStart, end: i };
  // The epilog: blank space and comments only.
  for (;;) {
    i = skipS(text, i);
    if (i >= text.length) break;
    if (!text.startsWith('<!--', i)) return undefined;
    i = skipComment(text, i);
    if (i < 0) return undefined;
  }
  return { root, plistSpan, problems };
}
