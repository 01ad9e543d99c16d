import { getEntry, type DictNode, type PlistNode, type Span } from '../plist/ast';
import { joinKeyPath, type PayloadModel } from '../model';
import type { Located } from '../dps/deployment';
import type { ProfileDocument } from '../model';

/** The span a problem about a value should cover: its text, or the element when empty. */
export function valueSpan(node: PlistNode): Span {
  return node.kind === 'dict' || node.kind === 'array' || node.content.start === node.content.end ? node.span : node.content;
}

/** Where to point when a key is missing from a dict: the dict's own <key>, else its opening tag. */
export function missingKeySpan(dict: DictNode): Span {
  const parent = dict.parent;
  if (parent?.kind === 'dict') {
    const entry = parent.entries.find((e) => e.value === dict);
    if (entry) return entry.keySpan;
  }
  return dict.openTag;
}

export function keyPathIn(p: PayloadModel, ...keys: string[]): string {
  return keys.reduce((acc, k) => joinKeyPath(acc, k), p.keyPath);
}

export function entrySpan(dict: DictNode, key: string): Span | undefined {
  return getEntry(dict, key)?.keySpan;
}

export function payloadLabel(p: Located<PayloadModel>): string {
  const name = p.item.displayName ? `"${p.item.displayName}"` : p.item.type ?? 'payload';
  return `${name} in ${p.doc.documentId}`;
}

export function docLabel(doc: ProfileDocument): string {
  return doc.documentId.replace(/^.*[\\/]/, '');
}
