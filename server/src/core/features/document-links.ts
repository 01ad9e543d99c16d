import type { ProfileDocument } from '../model';
import type { DictNode, Span } from '../plist/ast';

/** Document links: the `https://` values of an SSO payload's `URLs` open the org's pages. */

export interface DocumentLinkSpec {
  /** The URL's text inside `<string>…</string>`. */
  span: Span;
  target: string;
}

export function documentLinks(doc: ProfileDocument): DocumentLinkSpec[] {
  const out: DocumentLinkSpec[] = [];
  const visit = (dict: DictNode, depth: number) => {
    if (depth > 64) return;
    for (const entry of dict.entries) {
      const value = entry.value;
      if (value?.kind === 'dict') visit(value, depth + 1);
      if (value?.kind !== 'array') continue;
      for (const item of value.items) {
        if (item.kind === 'dict') visit(item, depth + 1);
        if (entry.key !== 'URLs' || item.kind !== 'string') continue;
        const url = item.value.trim();
        if (!/^https:\/\/[^\s/$?#{}%]+(?:[/?#]\S*)?$/i.test(url)) continue;
        const lead = item.value.indexOf(url);
        const start = item.content.start + (item.content.end - item.content.start === item.value.length ? lead : 0);
        const span = item.content.end - item.content.start === item.value.length ? { start, end: start + url.length } : item.content;
        out.push({ span, target: url });
      }
    }
  };
  if (doc.root?.kind === 'dict') visit(doc.root, 0);
  return out;
}
