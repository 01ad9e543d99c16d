import type { PlistNode, Span } from '../plist/ast';

/**
 * The tree of an earlier text, standing for a new text that differs from it
 * only by whitespace between elements (a new line, indentation: what is typed
 * before completion is asked for on an empty line). Its values are the new
 * text's; its offsets are the earlier text's, so `treeOffset` maps an offset of
 * the new text into the tree (-1 inside the whitespace that changed).
 */
export interface ReusedTree {
  root: PlistNode;
  treeOffset(offset: number): number;
}

const WHITESPACE = /^[ \t\r\n]*$/;
const CHUNK = 4096;

/**
 * The tree of `before` for `after` when the two texts differ by one run of XML
 * whitespace lying between elements inside a dict or an array (never in a tag,
 * a key or a value, never outside the root element), else undefined. The
 * caller vouches that `root` is the tree of `before` parsed without problems
 * (with XML errors, recovery could depend on where whitespace is).
 */
export function reuseTreeAcrossWhitespace(before: string, root: PlistNode | undefined, after: string): ReusedTree | undefined {
  if (!root) return undefined;
  if (before === after) return { root, treeOffset: (offset) => offset };
  const { start: prefix, removed, inserted } = textChange(before, after);
  if (!WHITESPACE.test(before.slice(prefix, prefix + removed)) || !WHITESPACE.test(after.slice(prefix, prefix + inserted))) return undefined;
  if (!betweenElements(root, { start: prefix, end: prefix + removed })) return undefined;
  return {
    root,
    treeOffset: (offset) => (offset <= prefix ? offset : offset >= prefix + inserted ? offset - inserted + removed : -1),
  };
}

/** Where two texts differ: `after` is `before` with `removed` characters at `start` replaced by `inserted` characters. */
export function textChange(before: string, after: string): { start: number; removed: number; inserted: number } {
  const start = commonPrefix(before, after);
  const suffix = commonSuffix(before, after, start);
  return { start, removed: before.length - start - suffix, inserted: after.length - start - suffix };
}

/** Length of the common start of two strings (compared a chunk at a time, then character by character). */
function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= max && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common end of two strings, not reaching into the first `prefix` characters of either. */
function commonSuffix(a: string, b: string, prefix: number): number {
  const max = Math.min(a.length, b.length) - prefix;
  let n = 0;
  while (n + CHUNK <= max && a.slice(a.length - n - CHUNK, a.length - n) === b.slice(b.length - n - CHUNK, b.length - n)) n += CHUNK;
  while (n < max && a.charCodeAt(a.length - n - 1) === b.charCodeAt(b.length - n - 1)) n++;
  return n;
}

/** Whether a region of the text lies in a container's content and reaches into none of its children (keys, values, tags). */
function betweenElements(root: PlistNode, region: Span): boolean {
  // A removed run reaches into a child when it overlaps it; an insertion point when it lies strictly inside it.
  const inside = (span: Span) =>
    region.end > region.start ? region.start < span.end && span.start < region.end : span.start < region.start && region.start < span.end;
  let node: PlistNode = root;
  for (;;) {
    if (node.kind !== 'dict' && node.kind !== 'array') return false;
    if (region.start < node.content.start || region.end > node.content.end) return false;
    let child: PlistNode | undefined;
    if (node.kind === 'dict') {
      for (const e of node.entries) {
        if (inside(e.keySpan)) return false;
        if (e.value && inside(e.value.span)) {
          child = e.value;
          break;
        }
      }
    } else child = node.items.find((item) => inside(item.span));
    if (!child) return true;
    // Inside a child: only a container's content may hold it (checked on the next turn).
    node = child;
  }
}
