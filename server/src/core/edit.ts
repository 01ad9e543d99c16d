import type { DictEntry, DictNode, PlistNode, Span } from './plist/ast';
import type { TextEditSpec } from './problem';

/**
 * Minimal text edits for quick fixes. Each touches only the node it names and
 * keeps the file's indentation and line breaks, so the rest stays byte-for-byte.
 */

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export type PlistValueSpec =
  { kind: 'string'; value: string } | { kind: 'integer'; value: number } | { kind: 'boolean'; value: boolean } | { kind: 'raw'; xml: string };

export function valueXml(v: PlistValueSpec): string {
  switch (v.kind) {
    case 'string':
      return `<string>${escapeXml(v.value)}</string>`;
    case 'integer':
      return `<integer>${Math.trunc(v.value)}</integer>`;
    case 'boolean':
      return v.value ? '<true/>' : '<false/>';
    case 'raw':
      return v.xml;
  }
}

/** Replace a whole value element (e.g. `<integer>1</integer>` → `<true/>`). */
export function replaceValue(node: PlistNode, v: PlistValueSpec): TextEditSpec {
  return { span: node.span, newText: valueXml(v) };
}

/** Replace the text of a `<key>` (keeps the tags). */
export function renameKey(entry: DictEntry, newName: string): TextEditSpec {
  return { span: entry.keyNameSpan, newText: escapeXml(newName) };
}

/**
 * How far back the start of a line is looked for. A longer line (a profile written on one line) is laid out without
 * indentation and never holds an element "on its own line": finding its start would cost a scan of the whole file for
 * every edit built, minutes for a few MB with many fixes.
 */
const MAX_LINE_SCAN = 4096;

/** The start of the line holding `offset`; undefined when that is more than MAX_LINE_SCAN characters back. */
function lineStart(text: string, offset: number): number | undefined {
  const floor = Math.max(0, offset - MAX_LINE_SCAN);
  let i = offset;
  while (i > floor && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i === 0 || text[i - 1] === '\n' || text[i - 1] === '\r' ? i : undefined;
}

/** Whether only spaces and tabs come before `offset` on its line. */
function startsItsLine(text: string, lineStartAt: number | undefined, offset: number): lineStartAt is number {
  return lineStartAt !== undefined && /^[ \t]*$/.test(text.slice(lineStartAt, offset));
}

function indentOf(text: string, offset: number): string {
  const start = lineStart(text, offset);
  if (start === undefined) return '';
  const m = /^[ \t]*/.exec(text.slice(start, offset));
  return m ? m[0] : '';
}

/**
 * What a file's layout is, measured once per tree: a check builds a fix for each missing key, each asking about the
 * same file (measured again each time, a long file with many fixes cost the square of its length). Keyed by the
 * tree's root, as the core's other caches: no module state about documents. The text is kept beside the answer: a
 * tree can stand for a text that differs in whitespace (`features/reuse-tree.ts`), which is measured anew.
 */
const layoutOfTree = new WeakMap<PlistNode, { text: string; unit?: string; eol?: string }>();

function layoutOf(text: string, node: PlistNode | undefined): { unit?: string; eol?: string } {
  if (!node) return {};
  let root: PlistNode = node;
  while (root.parent) root = root.parent;
  let layout = layoutOfTree.get(root);
  if (layout?.text !== text) layoutOfTree.set(root, (layout = { text }));
  return layout;
}

/** The line ending the file uses; `within`, a node of its tree, keeps the answer for the next edit. */
export function eolOf(text: string, within?: PlistNode): string {
  const i = text.indexOf('\n');
  if (i > 0 && text[i - 1] === '\r') return '\r\n';
  if (i >= 0) return '\n';
  // No line feed at all: the whole text is searched for a CR, once per tree.
  const layout = layoutOf(text, within);
  return (layout.eol ??= text.includes('\r') ? '\r' : '\n');
}

/** One indentation step as the file uses it (a tab unless the file indents with spaces); measured once per tree. */
export function indentUnit(text: string, within?: PlistNode): string {
  const layout = layoutOf(text, within);
  if (layout.unit !== undefined) return layout.unit;
  let unit = '\t';
  if (/\n +<key>/.test(text) && !/\n\t+<key>/.test(text)) {
    // The narrowest indentation of any element line (a loop: Math.min over every line overflowed the stack).
    let narrowest = Infinity;
    const indented = /\n( +)</g;
    for (let m = indented.exec(text); m !== null && narrowest > 1; m = indented.exec(text)) narrowest = Math.min(narrowest, m[1].length);
    unit = ' '.repeat(narrowest === Infinity ? 2 : narrowest);
  }
  if (within) layout.unit = unit;
  return unit;
}

/**
 * Insert `<key>name</key>` + value at the end of a dict, on its own line(s) with
 * the dict's entry indentation. `lines` lets a multi-line value (a template payload)
 * be indented as a block.
 */
export function insertEntry(text: string, dict: DictNode, key: string, valueLines: string | string[]): TextEditSpec {
  const closeStart = closeTagStart(text, dict);
  const eol = eolOf(text, dict);
  const unit = indentUnit(text, dict);
  const dictIndent = indentOf(text, dict.span.start);
  const entryIndent = dict.entries.length ? indentOf(text, dict.entries[0].keySpan.start) : dictIndent + unit;
  const lines = Array.isArray(valueLines) ? valueLines : [valueLines];
  const body = [`<key>${escapeXml(key)}</key>`, ...lines].map((l) => entryIndent + l.replace(/\t/g, unit)).join(eol);
  if (dict.span.end === dict.openTag.end) {
    // <dict/>: expand it.
    return { span: dict.span, newText: `<dict>${eol}${body}${eol}${dictIndent}</dict>` };
  }
  // Put the new lines before the line that holds </dict>, keeping that line as it is.
  const closeLineStart = lineStart(text, closeStart);
  if (startsItsLine(text, closeLineStart, closeStart)) return { span: { start: closeLineStart, end: closeLineStart }, newText: body + eol };
  return { span: { start: closeStart, end: closeStart }, newText: eol + body + eol + dictIndent };
}

/** Append value elements to an array, each on its own line. */
export function insertArrayItem(text: string, array: PlistNode & { kind: 'array' }, itemXml: string | string[]): TextEditSpec {
  const items = Array.isArray(itemXml) ? itemXml : [itemXml];
  const closeStart = closeTagStart(text, array);
  const eol = eolOf(text, array);
  const unit = indentUnit(text, array);
  const arrIndent = indentOf(text, array.span.start);
  const itemIndent = array.items.length ? indentOf(text, array.items[0].span.start) : arrIndent + unit;
  const closeLineStart = lineStart(text, closeStart);
  const block = items.map((x) => itemIndent + x).join(eol);
  if (array.span.end === array.openTag.end) {
    // <array/>: expand it.
    return { span: array.span, newText: `<array>${eol}${block}${eol}${arrIndent}</array>` };
  }
  if (startsItsLine(text, closeLineStart, closeStart)) {
    return { span: { start: closeLineStart, end: closeLineStart }, newText: block + eol };
  }
  return { span: { start: closeStart, end: closeStart }, newText: eol + block + eol + arrIndent };
}

function closeTagStart(text: string, node: { span: Span; content: Span }): number {
  return node.content.end;
}

/**
 * Remove a `<key>` and its value. When they sit on lines of their own the whole
 * lines go, so the file keeps its layout; otherwise just the elements.
 */
export function removeEntry(text: string, entry: DictEntry): TextEditSpec {
  const end = entry.value ? entry.value.span.end : entry.keySpan.end;
  const start = lineStart(text, entry.keySpan.start);
  const eol = eolOf(text, entry.value);
  return startsItsLine(text, start, entry.keySpan.start) && text.startsWith(eol, end)
    ? { span: { start, end: end + eol.length }, newText: '' }
    : { span: { start: entry.keySpan.start, end }, newText: '' };
}
