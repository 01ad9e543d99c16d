import type { DictNode, PlistNode, Span } from '../plist/ast';
import { joinKeyPath, type PayloadModel, type PreferenceSettings } from '../model';

/** Where a problem about a deployment points, and how it names what it points at. */

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

/** Where to point when a key is missing from a preference dict: its PayloadType value, else its own key, else its open tag. */
export function settingsAnchor(settings: PreferenceSettings): Span {
  if (settings.via === 'custom-payload') {
    const type = settings.dict.entries.find((e) => e.key === 'PayloadType')?.value;
    if (type) return valueSpan(type);
  }
  return missingKeySpan(settings.dict);
}

/** Capitalised, to open a sentence. */
export function sentence(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function settingsLabel(settings: PreferenceSettings): string {
  const how = settings.via === 'custom-payload' ? 'custom settings payload' : settings.via === 'mcx' ? 'managed preferences (MCX)' : 'preference file';
  const name = settings.payload?.displayName ? ` "${settings.payload.displayName}"` : '';
  return `the ${settings.domain} ${how}${name}`;
}
