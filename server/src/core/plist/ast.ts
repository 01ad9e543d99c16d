/**
 * The plist tree. Every node carries offsets (UTF-16 code units into the
 * original text, end exclusive) so that any problem can be placed exactly.
 * Offsets, never line/column: conversion to positions happens at the edge.
 */

export interface Span {
  start: number;
  end: number;
}

export type PlistKind = 'dict' | 'array' | 'string' | 'integer' | 'real' | 'boolean' | 'date' | 'data';

/**
 * The nodes are classes that keep their offsets as numbers and make `span`, `openTag` and `content` (and an
 * entry's `keySpan`, `keyNameSpan`) on each read: a fresh plain `{ start, end }`, safe to keep, spread or
 * serialise. One object per node instead of four, so the tree of a large profile is a fraction of its old size.
 * Only the parsers (plist/build.ts) create nodes and set the offsets.
 */
abstract class NodeBase {
  parent: DictNode | ArrayNode | undefined = undefined;
  constructor(
    /** Offset of `<` of the open tag. */
    public elementStart: number,
    /** Offset just after `>` of the open tag (where the content starts). */
    public openEnd: number,
    /** Where the content ends (the `<` of the close tag; `openEnd` for `<x/>`). */
    public contentEnd: number,
    /** Offset just after `>` of the close tag (or of `<x/>`). */
    public elementEnd: number,
  ) {}
  /** The whole element, from `<` of the open tag to `>` of the close tag (or of `<x/>`). */
  get span(): Span {
    return { start: this.elementStart, end: this.elementEnd };
  }
  /** The open tag alone (`<dict>`, `<true/>`, `<string>`). */
  get openTag(): Span {
    return { start: this.elementStart, end: this.openEnd };
  }
  /** Between the open and the close tag; empty (start === end) for `<x/>`. */
  get content(): Span {
    return { start: this.openEnd, end: this.contentEnd };
  }
}

export class DictEntry {
  constructor(
    public key: string,
    /** Missing when the key has no value element after it. */
    public value: PlistNode | undefined,
    public keyStart: number,
    public keyEnd: number,
    public nameStart: number,
    public nameEnd: number,
  ) {}
  /** The whole `<key>…</key>` element. */
  get keySpan(): Span {
    return { start: this.keyStart, end: this.keyEnd };
  }
  /** The key's text between the tags. */
  get keyNameSpan(): Span {
    return { start: this.nameStart, end: this.nameEnd };
  }
}

export class DictNode extends NodeBase {
  readonly kind = 'dict';
  entries: DictEntry[] = [];
}

export class ArrayNode extends NodeBase {
  readonly kind = 'array';
  items: PlistNode[] = [];
}

export class StringNode extends NodeBase {
  readonly kind = 'string';
  value = '';
}

export class IntegerNode extends NodeBase {
  readonly kind = 'integer';
  /** NaN when the text is not an integer (a syntax problem is reported). */
  value = NaN;
  raw = '';
}

export class RealNode extends NodeBase {
  readonly kind = 'real';
  value = NaN;
  raw = '';
}

export class BooleanNode extends NodeBase {
  readonly kind = 'boolean';
  value = false;
}

export class DateNode extends NodeBase {
  readonly kind = 'date';
  /** The ISO 8601 text as written. */
  value = '';
}

export class DataNode extends NodeBase {
  readonly kind = 'data';
  /** Base64 with whitespace removed. */
  value = '';
}

export type PlistNode = DictNode | ArrayNode | StringNode | IntegerNode | RealNode | BooleanNode | DateNode | DataNode;
export type ContainerNode = DictNode | ArrayNode;

/** The entry for this key; with duplicates (reported separately) the last wins, as when macOS reads the plist. */
export function getEntry(dict: DictNode | undefined, key: string): DictEntry | undefined {
  if (!dict) return undefined;
  for (let i = dict.entries.length - 1; i >= 0; i--) if (dict.entries[i].key === key) return dict.entries[i];
  return undefined;
}

export function getValue(dict: DictNode | undefined, key: string): PlistNode | undefined {
  return getEntry(dict, key)?.value;
}

export function getString(dict: DictNode | undefined, key: string): string | undefined {
  const v = getValue(dict, key);
  return v?.kind === 'string' ? v.value : undefined;
}

export function getDict(dict: DictNode | undefined, key: string): DictNode | undefined {
  const v = getValue(dict, key);
  return v?.kind === 'dict' ? v : undefined;
}

export function getArray(dict: DictNode | undefined, key: string): ArrayNode | undefined {
  const v = getValue(dict, key);
  return v?.kind === 'array' ? v : undefined;
}
