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

interface NodeBase {
  kind: PlistKind;
  /** The whole element, from `<` of the open tag to `>` of the close tag (or of `<x/>`). */
  span: Span;
  /** The open tag alone (`<dict>`, `<true/>`, `<string>`). */
  openTag: Span;
  /** Between the open and the close tag; empty (start === end) for `<x/>`. */
  content: Span;
  parent: DictNode | ArrayNode | undefined;
}

export interface DictEntry {
  key: string;
  /** The whole `<key>…</key>` element. */
  keySpan: Span;
  /** The key's text between the tags. */
  keyNameSpan: Span;
  /** Missing when the key has no value element after it. */
  value: PlistNode | undefined;
}

export interface DictNode extends NodeBase {
  kind: 'dict';
  entries: DictEntry[];
}

export interface ArrayNode extends NodeBase {
  kind: 'array';
  items: PlistNode[];
}

export interface StringNode extends NodeBase {
  kind: 'string';
  value: string;
}

export interface IntegerNode extends NodeBase {
  kind: 'integer';
  /** NaN when the text is not an integer (a syntax problem is reported). */
  value: number;
  raw: string;
}

export interface RealNode extends NodeBase {
  kind: 'real';
  value: number;
  raw: string;
}

export interface BooleanNode extends NodeBase {
  kind: 'boolean';
  value: boolean;
}

export interface DateNode extends NodeBase {
  kind: 'date';
  /** The ISO 8601 text as written. */
  value: string;
}

export interface DataNode extends NodeBase {
  kind: 'data';
  /** Base64 with whitespace removed. */
  value: string;
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
