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
  // Fields are declared, not initialised, and set by the constructors (one store each): a class field initialiser
  // would be one more function call per node, which costs a cold CLI run that parses every node once.
  declare readonly kind: PlistKind;
  declare parent: DictNode | ArrayNode | undefined;
  /** Offset of `<` of the open tag. */
  declare elementStart: number;
  /** Offset just after `>` of the open tag (where the content starts). */
  declare openEnd: number;
  /** Where the content ends (the `<` of the close tag; `openEnd` for `<x/>`). */
  declare contentEnd: number;
  /** Offset just after `>` of the close tag (or of `<x/>`). */
  declare elementEnd: number;
  /** An element opened at `start` whose open tag ends at `openEnd`; it ends there too until the parser closes it. */
  constructor(kind: PlistKind, start: number, openEnd: number) {
    this.kind = kind;
    this.parent = undefined;
    this.elementStart = start;
    this.openEnd = openEnd;
    this.contentEnd = openEnd;
    this.elementEnd = openEnd;
  }
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
  declare key: string;
  /** Missing when the key has no value element after it. */
  declare value: PlistNode | undefined;
  /** Offsets of the `<key>` element and of the name between its tags. */
  declare keyStart: number;
  declare keyEnd: number;
  declare nameStart: number;
  declare nameEnd: number;
  constructor(key: string, keyStart: number, keyEnd: number, nameStart: number, nameEnd: number) {
    this.key = key;
    this.value = undefined;
    this.keyStart = keyStart;
    this.keyEnd = keyEnd;
    this.nameStart = nameStart;
    this.nameEnd = nameEnd;
  }
  /** The whole `<key>...</key>` element. */
  get keySpan(): Span {
    return { start: this.keyStart, end: this.keyEnd };
  }
  /** The key's text between the tags. */
  get keyNameSpan(): Span {
    return { start: this.nameStart, end: this.nameEnd };
  }
}

export class DictNode extends NodeBase {
  declare readonly kind: 'dict';
  declare entries: DictEntry[];
  constructor(start: number, openEnd: number) {
    super('dict', start, openEnd);
    this.entries = [];
  }
}

export class ArrayNode extends NodeBase {
  declare readonly kind: 'array';
  declare items: PlistNode[];
  constructor(start: number, openEnd: number) {
    super('array', start, openEnd);
    this.items = [];
  }
}

/** `<string>`, `<date>` (the ISO 8601 text as written) and `<data>` (base64 with whitespace removed): one class. */
export class TextNode<K extends 'string' | 'date' | 'data'> extends NodeBase {
  declare readonly kind: K;
  declare value: string;
  constructor(kind: K, start: number, openEnd: number) {
    super(kind, start, openEnd);
    this.value = '';
  }
}
export type StringNode = TextNode<'string'>;
export type DateNode = TextNode<'date'>;
export type DataNode = TextNode<'data'>;

/** `<integer>` and `<real>`: `value` is NaN when the text is not a number (a syntax problem is reported); `raw` is the text. */
export class NumberNode<K extends 'integer' | 'real'> extends NodeBase {
  declare readonly kind: K;
  declare value: number;
  declare raw: string;
  constructor(kind: K, start: number, openEnd: number) {
    super(kind, start, openEnd);
    this.value = NaN;
    this.raw = '';
  }
}
export type IntegerNode = NumberNode<'integer'>;
export type RealNode = NumberNode<'real'>;

export class BooleanNode extends NodeBase {
  declare readonly kind: 'boolean';
  declare value: boolean;
  constructor(start: number, openEnd: number, value: boolean) {
    super('boolean', start, openEnd);
    this.value = value;
  }
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
