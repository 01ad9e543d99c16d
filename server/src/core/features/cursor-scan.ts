import { doctypeEnd, tagEnd } from './xml-scan';

/**
 * Where the cursor is in the structure, worked out from the text before it
 * alone: a tolerant scan of the elements opened and not yet closed. Nothing
 * after the cursor needs to exist or parse, so completion works in every
 * state a file passes through while it is typed (nothing closed yet, an
 * auto-closed `<key>|</key>`, a half-typed `<ke`, an unclosed `<string>|`, a
 * dict whose parent is broken further up).
 *
 * Tolerance: a value element left unclosed ends where the next tag starts;
 * a close tag without a matching open element is ignored; a close tag closes
 * every element opened after its match.
 */

/** An element opened before the cursor and not closed before it. */
export interface OpenFrame {
  /** `plist`, `dict`, `array` (or another container name the file uses). */
  name: string;
  /** Offset of the `<` of its open tag. */
  openStart: number;
  /** Where this container sits in its parent: the key (dict) or index (array); undefined at the top. */
  slot: string | number | undefined;
  /** dict: the keys written before the cursor, in order. */
  keys: string[];
  /** dict: the last key still waiting for its value. */
  pendingKey: string | undefined;
  /** dict: the text of the scalar values of its keys (the last one wins). */
  values: Map<string, string>;
  /** array (and plist): how many items come before the cursor. */
  items: number;
  /** array: the text of its scalar items. */
  itemValues: string[];
}

export type CursorState =
  /** In a comment, CDATA, the prolog, a DOCTYPE or a close tag: nothing to complete. */
  | { kind: 'none' }
  /** Between elements; `typed` is a bare word just before the cursor (`Ext`), often empty. */
  | { kind: 'between'; typed: string }
  /** In a half-typed tag: `<`, `<ke`, `<tr`, `</`; from its `<` to the cursor. */
  | { kind: 'tag'; start: number; text: string }
  /** In the text of a `<key>`, its close tag not before the cursor. */
  | { kind: 'key-name'; elementStart: number; contentStart: number }
  /** In the text of a value element (`<string>`, `<integer>`, …), its close tag not before the cursor. */
  | { kind: 'value-content'; element: string; elementStart: number; contentStart: number };

/** A scalar value met anywhere before the cursor, with the key it belongs to (an array item: the array's key). */
export interface SeenValue {
  key: string | undefined;
  element: string;
  value: string;
}

export interface CursorScan {
  /** Outermost first. */
  frames: OpenFrame[];
  state: CursorState;
  seen: SeenValue[];
}

const VALUE_SCALARS = new Set(['string', 'integer', 'real', 'date', 'data']);
const EMPTY_VALUES = new Set(['true', 'false']);

export function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (whole, e: string) => {
    if (e.startsWith('#x')) return safeChar(parseInt(e.slice(2), 16), whole);
    if (e.startsWith('#')) return safeChar(parseInt(e.slice(1), 10), whole);
    return ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[e] ?? whole;
  });
}

function safeChar(code: number, fallback: string): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

function newFrame(name: string, openStart: number, slot: string | number | undefined): OpenFrame {
  return { name, openStart, slot, keys: [], pendingKey: undefined, values: new Map(), items: 0, itemValues: [] };
}

const SLASH = 0x2f;

/** XML whitespace (space, tab, CR, LF) and the other characters `\s` matches in a tag. */
function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0x09 ||
    c === 0x0a ||
    c === 0x0d ||
    c === 0x0b ||
    c === 0x0c ||
    c === 0xa0 ||
    c === 0xfeff ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** The element name of a tag whose name part starts at `from` (after `<` or `</`): `/^\s*([^\s/>]+)/`, else ''. */
function tagName(text: string, from: number, end: number): string {
  let i = from;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  let j = i;
  for (; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c === SLASH || c === 0x3e /* > */ || isSpace(c)) break;
  }
  return text.slice(i, j);
}

/** Whether the tag `text[start, end)` ends with `/` and optional whitespace before its `>` (`/\/\s*>$/`). */
function endsSelfClosed(text: string, start: number, end: number): boolean {
  let k = end - 2;
  while (k > start && isSpace(text.charCodeAt(k))) k--;
  return k > start && text.charCodeAt(k) === SLASH;
}

/** End of a construct closed by `terminator`, or -1 when it is still open at `limit`. */
function closedBy(text: string, from: number, terminator: string, limit: number): number {
  const i = text.indexOf(terminator, from);
  return i < 0 || i + terminator.length > limit ? -1 : i + terminator.length;
}

/** Scan `text` up to `offset`. Linear in `offset`; never throws. */
export function scanCursor(text: string, offset: number): CursorScan {
  const limit = Math.max(0, Math.min(offset, text.length));
  const frames: OpenFrame[] = [];
  const seen: SeenValue[] = [];
  const top = () => frames[frames.length - 1] as OpenFrame | undefined;
  const none = (): CursorScan => ({ frames, state: { kind: 'none' }, seen });

  /** A value (scalar or container) was written in the current container; returns its slot there. */
  const placeValue = (element: string, value: string | undefined): string | number | undefined => {
    const t = top();
    if (!t) return undefined;
    if (t.name === 'dict') {
      const key = t.pendingKey;
      t.pendingKey = undefined;
      if (key !== undefined && value !== undefined) {
        t.values.set(key, value);
        seen.push({ key, element, value });
      }
      return key;
    }
    const index = t.items++;
    if (value !== undefined) {
      t.itemValues.push(value);
      seen.push({ key: typeof t.slot === 'string' ? t.slot : undefined, element, value });
    }
    return index;
  };

  /** A `<key>` starts an entry of the dict; any other scalar is a value. */
  const placeScalar = (name: string, value: string) => {
    if (name !== 'key') {
      placeValue(name, EMPTY_VALUES.has(name) ? name : value);
      return;
    }
    const t = top();
    if (t?.name !== 'dict') return;
    t.keys.push(value.trim());
    t.pendingKey = value.trim();
  };

  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lastMarkupEnd = i;
  scan: while (i < limit) {
    const lt = text.indexOf('<', i);
    if (lt < 0 || lt >= limit) break;
    i = lt;
    let end: number;
    // Markup other than a tag starts `<!` or `<?`; most of a profile is tags.
    const second = text.charCodeAt(i + 1);
    if (second === 0x21 /* ! */ && text.startsWith('<!--', i)) {
      end = closedBy(text, i + 4, '-->', limit);
    } else if (second === 0x21 && text.startsWith('<![CDATA[', i)) {
      end = closedBy(text, i + 9, ']]>', limit);
    } else if (second === 0x3f /* ? */) {
      end = closedBy(text, i + 2, '?>', limit);
    } else if (second === 0x21) {
      end = doctypeEnd(text, i, limit);
    } else {
      end = tagEnd(text, i, limit);
      if (end < 0) {
        // A tag still being typed at the cursor, or a stray `<` followed by another tag.
        const next = text.indexOf('<', i + 1);
        if (next < 0 || next >= limit) {
          if (text.startsWith('</', i) && !/^<\/[A-Za-z]*$/.test(text.slice(i, limit))) return none();
          return { frames, state: { kind: 'tag', start: i, text: text.slice(i, limit) }, seen };
        }
        i = next;
        lastMarkupEnd = next;
        continue;
      }
      const closing = text.charCodeAt(i + 1) === SLASH;
      const name = tagName(text, closing ? i + 2 : i + 1, end);
      const selfClosing = !closing && endsSelfClosed(text, i, end);
      if (closing) {
        let at = frames.length - 1;
        while (at >= 0 && frames[at].name !== name) at--;
        if (at >= 0) frames.length = at;
      } else if (selfClosing) {
        if (name === 'key' || VALUE_SCALARS.has(name) || EMPTY_VALUES.has(name)) placeScalar(name, '');
        else placeValue(name, undefined);
      } else if (name === 'key' || VALUE_SCALARS.has(name) || EMPTY_VALUES.has(name)) {
        // A scalar: its content runs to the next tag (skipping comments and CDATA inside it).
        let j = end;
        let content = '';
        let closedAt = -1;
        for (;;) {
          const next = text.indexOf('<', j);
          if (next < 0 || next >= limit) {
            // Left open on an earlier line, with no close tag after the cursor: it ended at that line break.
            const lineBreak = text.slice(end, limit).search(/[\r\n]/);
            const cursorLine = /^[^\r\n]*/.exec(text.slice(limit))![0];
            if (lineBreak >= 0 && !cursorLine.includes(`</${name}`)) {
              placeScalar(name, unescapeXml(text.slice(end, end + lineBreak)));
              lastMarkupEnd = end + lineBreak;
              break scan;
            }
            const state: CursorState =
              name === 'key'
                ? { kind: 'key-name', elementStart: i, contentStart: end }
                : { kind: 'value-content', element: name, elementStart: i, contentStart: end };
            return { frames, state, seen };
          }
          content += text.slice(j, next);
          if (text.startsWith('<!--', next) || text.startsWith('<![CDATA[', next)) {
            const cdata = text.startsWith('<![CDATA[', next);
            const after = closedBy(text, next + 4, cdata ? ']]>' : '-->', limit);
            if (after < 0) return none();
            if (cdata) content += text.slice(next + 9, after - 3);
            j = after;
            continue;
          }
          if (text.charCodeAt(next + 1) === SLASH && text.startsWith(name, next + 2)) {
            closedAt = tagEnd(text, next, limit);
            if (closedAt < 0) return none(); // typing the close tag
          }
          j = next;
          break;
        }
        placeScalar(name, unescapeXml(content));
        // Unclosed: the element ends where the next tag starts, which is scanned next.
        end = closedAt >= 0 ? closedAt : j;
      } else {
        const slot = placeValue(name, undefined);
        frames.push(newFrame(name, i, slot));
      }
    }
    if (end < 0) return none();
    i = end;
    lastMarkupEnd = end;
  }
  const lineStart = Math.max(text.lastIndexOf('\n', limit - 1), text.lastIndexOf('\r', limit - 1)) + 1;
  const tail = text.slice(Math.max(lineStart, lastMarkupEnd), limit);
  // The word just before the cursor, read backwards (`/[A-Za-z0-9_.-]+$/` tried every start of a long run: quadratic).
  let wordStart = tail.length;
  while (wordStart > 0 && /[A-Za-z0-9_.-]/.test(tail[wordStart - 1])) wordStart--;
  const typed = tail.slice(wordStart);
  return { frames, state: { kind: 'between', typed }, seen };
}
