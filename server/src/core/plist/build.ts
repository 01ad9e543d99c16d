import type { ProblemInput } from '../problem';
import { isPlaceholder } from '../placeholders';
import { ArrayNode, BooleanNode, DictEntry, DictNode, NumberNode, TextNode, type PlistKind, type PlistNode, type Span } from './ast';

/**
 * What both plist parsers share: the result type, the node factory and the plist-level checks
 * made when an element closes (scalar text, duplicate keys). The fast parser (fast-parse.ts) and the
 * saxes-based one (parse.ts) call the same functions, so the nodes and problems they build agree.
 */

export interface ParseResult {
  root: PlistNode | undefined;
  /** The `<plist>` element, when there is one. */
  plistSpan: Span | undefined;
  problems: ProblemInput[];
}

/** Deeper than any real profile; keeps every later tree walk safely recursive. */
export const MAX_DEPTH = 256;

export const VALUE_KINDS: Record<string, PlistKind> = {
  dict: 'dict',
  array: 'array',
  string: 'string',
  integer: 'integer',
  real: 'real',
  true: 'boolean',
  false: 'boolean',
  date: 'date',
  data: 'data',
};

/** Own keys only: `<constructor>` or `<__proto__>` are not plist elements. */
export function isValueElement(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(VALUE_KINDS, name);
}

const INTEGER_RE = /^[+-]?(?:\d+|0x[0-9a-f]+)$/i;
const REAL_RE = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|inf(?:inity)?|nan)$/i;
const DATE_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * A value element just opened: `start` is its `<`, `openEnd` just after the `>` of its open tag. Its span and
 * content end there until `closeNode` sets where the element ends.
 */
export function newNode(name: string, start: number, openEnd: number): PlistNode {
  switch (VALUE_KINDS[name]) {
    case 'dict':
      return new DictNode(start, openEnd);
    case 'array':
      return new ArrayNode(start, openEnd);
    case 'boolean':
      return new BooleanNode(start, openEnd, name === 'true');
    case 'integer':
      return new NumberNode('integer', start, openEnd);
    case 'real':
      return new NumberNode('real', start, openEnd);
    case 'date':
      return new TextNode('date', start, openEnd);
    case 'data':
      return new TextNode('data', start, openEnd);
    default:
      return new TextNode('string', start, openEnd);
  }
}

/** The element ends at `end` (after its close tag); its content at `contentEnd` (never before the open tag's end). */
export function closeNode(node: PlistNode, end: number, contentEnd: number): void {
  node.elementEnd = end;
  node.contentEnd = contentEnd;
}

/** A `<key>` element from `start` to `end`, its name between `nameStart` and `nameEnd`; no value yet. */
export function newEntry(key: string, start: number, end: number, nameStart: number, nameEnd: number): DictEntry {
  return new DictEntry(key, start, end, nameStart, nameEnd);
}

function report(problems: ProblemInput[], code: string, message: string, span: Span, data?: Record<string, unknown>) {
  problems.push({ code, message, span, data });
}

/** A scalar element closed with this text (entities decoded, line ends normalised): its value, and its problems. */
export function finishScalar(node: PlistNode, raw: string, problems: ProblemInput[]): void {
  switch (node.kind) {
    case 'string':
      node.value = raw;
      break;
    case 'integer': {
      const t = raw.trim();
      node.raw = t;
      if (isPlaceholder(t)) {
        node.value = NaN;
        placeholderInNumber(node, t, 'integer', problems);
      } else if (INTEGER_RE.test(t)) {
        node.value = /^[+-]?0x/i.test(t) ? (t.startsWith('-') ? -1 : 1) * parseInt(t.replace(/^[+-]?0x/i, ''), 16) : Number(t);
      } else {
        node.value = NaN;
        report(problems, 'DPS110', `"${truncate(t, 40)}" is not an integer.`, node.content.start === node.content.end ? node.span : node.content, { raw: t });
      }
      break;
    }
    case 'real': {
      const t = raw.trim();
      node.raw = t;
      if (isPlaceholder(t)) {
        node.value = NaN;
        placeholderInNumber(node, t, 'real', problems);
      } else if (REAL_RE.test(t)) {
        const lower = t.toLowerCase().replace(/^\+/, '');
        node.value = lower.includes('nan') ? NaN : lower.includes('inf') ? (lower.startsWith('-') ? -Infinity : Infinity) : Number(t);
      } else {
        node.value = NaN;
        report(problems, 'DPS111', `"${truncate(t, 40)}" is not a number.`, node.content.start === node.content.end ? node.span : node.content, { raw: t });
      }
      break;
    }
    case 'date': {
      const t = raw.trim();
      node.value = t;
      if (!DATE_RE.test(t) || Number.isNaN(Date.parse(t))) {
        report(
          problems,
          'DPS112',
          `"${truncate(t, 40)}" is not a date of the form YYYY-MM-DDTHH:MM:SSZ.`,
          node.content.start === node.content.end ? node.span : node.content,
          { raw: t },
        );
      }
      break;
    }
    case 'data': {
      const compact = raw.replace(/\s+/g, '');
      node.value = compact;
      if (!BASE64_RE.test(compact)) {
        const pem = /-----BEGIN /.test(raw);
        report(
          problems,
          'DPS113',
          pem
            ? '<data> holds PEM armour (-----BEGIN …----- lines); a plist <data> is plain base64. macOS skips the characters it cannot decode, but other tools reject the file: keep only the base64 body.'
            : '<data> must hold base64 text (A–Z, a–z, 0–9, +, / and = padding); macOS skips other characters, so the decoded bytes are probably not what you meant.',
          node.content.start === node.content.end ? node.span : node.content,
          { pem },
        );
      }
      break;
    }
    default:
      break;
  }
}

/** `<integer>{{passcode_length}}</integer>`: an MDM variable, not a bad number; say what the MDM must deliver. */
function placeholderInNumber(node: PlistNode, raw: string, kind: 'integer' | 'real', problems: ProblemInput[]) {
  report(
    problems,
    'DPS480',
    `<${kind}> holds the MDM variable "${truncate(raw, 40)}". The Mac needs a number here: make sure your MDM substitutes a plain ${kind}, or the payload is refused.`,
    node.content,
    { placeholder: raw, expected: kind },
  );
}

/**
 * DPS123: blank space before the XML declaration, `lead` characters of it. Not well-formed XML, but CoreFoundation's
 * plist parser skips it and the Mac reads the file.
 */
export function leadingBlankProblem(lead: number): ProblemInput {
  return {
    code: 'DPS123',
    message:
      'Whitespace before <?xml …?>: strict XML parsers (and some MDM upload checks) reject the file, but macOS skips it and reads the profile. Remove the leading blank space.',
    span: { start: 0, end: lead },
    fixes: [{ title: 'Remove the whitespace before <?xml', edits: [{ span: { start: 0, end: lead }, newText: '' }], preferred: true, safe: true }],
  };
}

/** DPS109 on every repeated key of a dictionary that just closed, the first one as related. */
export function reportDuplicateKeys(dict: DictNode, problems: ProblemInput[]): void {
  const entries = dict.entries;
  if (entries.length < 2) return;
  // A small dictionary (nearly all of them) is searched, not mapped: no Map per dictionary of a large profile.
  const seen = entries.length > SEARCHED_DICT_SIZE ? new Map<string, number>() : undefined;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    let first: number | undefined;
    if (seen) {
      first = seen.get(e.key);
      if (first === undefined) seen.set(e.key, i);
    } else {
      for (let j = 0; j < i; j++) {
        if (entries[j].key === e.key) {
          first = j;
          break;
        }
      }
    }
    if (first === undefined) continue;
    const firstEntry = entries[first];
    problems.push({
      code: 'DPS109',
      message: `The key "${e.key}" appears more than once in this dictionary; macOS keeps only one of the values. Remove one.`,
      span: e.keySpan,
      data: { key: e.key },
      related: [{ documentId: '', span: firstEntry.keySpan, message: `First "${e.key}" here` }],
    });
  }
}

/** Up to this many entries, duplicate keys are found by searching the entries before each one. */
const SEARCHED_DICT_SIZE = 16;

export function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
