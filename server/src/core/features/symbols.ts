import type { PayloadModel, ProfileDocument } from '../model';
import type { DictEntry, DictNode, PlistKind, PlistNode, Span } from '../plist/ast';
import { LineIndex } from '../text';
import { commentSpans } from './xml-scan';

/**
 * The outline as a macadmin reads a profile: the profile, its payloads by
 * display name (else type), then their keys with nested dictionaries below.
 * No `<dict>` or `<key>` nodes.
 */

export type SymbolKind = 'profile' | 'payload' | 'preferences' | PlistKind;

export interface DocumentSymbolSpec {
  name: string;
  detail?: string;
  kind: SymbolKind;
  span: Span;
  /** What the editor highlights and breadcrumbs jump to; inside `span`. */
  selectionSpan: Span;
  children: DocumentSymbolSpec[];
}

const MAX_DETAIL = 60;

export function documentSymbols(doc: ProfileDocument): DocumentSymbolSpec[] {
  const root = doc.root;
  if (!root) return [];
  const payloadByDict = new Map<DictNode, PayloadModel>(doc.payloads.map((p) => [p.dict, p]));
  if (doc.kind === 'profile' && doc.profileDict) {
    const profile = doc.profileDict;
    // The profile's own keys, with PayloadContent replaced by its payloads (so breadcrumbs read profile › payload › key).
    const children: DocumentSymbolSpec[] = [];
    for (const entry of profile.entries) {
      const content = entry.value;
      if (entry.key === 'PayloadContent' && content?.kind === 'array') {
        content.items.forEach((item, index) => {
          const payload = item.kind === 'dict' ? payloadByDict.get(item) : undefined;
          children.push(payload ? payloadSymbol(payload) : itemSymbol(item, index));
        });
      } else children.push(entrySymbol(entry));
    }
    const name = stringValue(profile, 'PayloadDisplayName') ?? 'Configuration profile';
    return [{ name, detail: 'Configuration', kind: 'profile', span: profile.span, selectionSpan: profile.openTag, children }];
  }
  if (doc.kind === 'payload' && doc.payloads[0]) return [payloadSymbol(doc.payloads[0])];
  if (doc.kind === 'preferences' && doc.preferences[0]) {
    const pref = doc.preferences[0];
    return [{ name: pref.domain, detail: 'preferences', kind: 'preferences', span: root.span, selectionSpan: root.openTag, children: entrySymbols(root) }];
  }
  return entrySymbols(root);
}

function stringValue(dict: DictNode, key: string): string | undefined {
  for (let i = dict.entries.length - 1; i >= 0; i--) {
    const v = dict.entries[i].value;
    if (dict.entries[i].key === key && v?.kind === 'string' && v.value.trim()) return v.value.trim();
  }
  return undefined;
}

function payloadSymbol(payload: PayloadModel): DocumentSymbolSpec {
  return {
    name: payload.displayName?.trim() || payload.type || 'Payload',
    detail: payload.type ?? 'payload without PayloadType',
    kind: 'payload',
    span: payload.dict.span,
    selectionSpan: payload.dict.openTag,
    children: entrySymbols(payload.dict),
  };
}

function entrySymbols(dict: DictNode): DocumentSymbolSpec[] {
  return dict.entries.map(entrySymbol);
}

function entrySymbol(entry: DictEntry): DocumentSymbolSpec {
  const value = entry.value;
  const span = { start: entry.keySpan.start, end: value ? Math.max(value.span.end, entry.keySpan.end) : entry.keySpan.end };
  return {
    name: entry.key || '(empty key)',
    detail: value ? detailOf(value) : 'no value',
    kind: value?.kind ?? 'string',
    span,
    selectionSpan: entry.keyNameSpan.start === entry.keyNameSpan.end ? entry.keySpan : entry.keyNameSpan,
    children: value ? childrenOf(value) : [],
  };
}

function itemSymbol(item: PlistNode, index: number): DocumentSymbolSpec {
  return { name: `[${index}]`, detail: detailOf(item), kind: item.kind, span: item.span, selectionSpan: item.openTag, children: childrenOf(item) };
}

function childrenOf(node: PlistNode): DocumentSymbolSpec[] {
  if (node.kind === 'dict') return entrySymbols(node);
  if (node.kind === 'array') return node.items.map(itemSymbol);
  return [];
}

function detailOf(node: PlistNode): string {
  switch (node.kind) {
    case 'dict':
      return `dict (${node.entries.length} ${node.entries.length === 1 ? 'key' : 'keys'})`;
    case 'array':
      return `array (${node.items.length} ${node.items.length === 1 ? 'item' : 'items'})`;
    case 'boolean':
      return String(node.value);
    case 'integer':
    case 'real':
      return node.raw.trim();
    case 'data':
      return 'data';
    default: {
      const v = node.value.replace(/\s+/g, ' ').trim();
      return v.length > MAX_DETAIL ? `${v.slice(0, MAX_DETAIL - 1)}…` : v;
    }
  }
}

export interface FoldingRangeSpec {
  /** 0-based lines; the end line is the last one hidden, so the closing tag stays visible. */
  startLine: number;
  endLine: number;
  kind?: 'comment';
}

/** One fold per dict/array that spans lines (open tag to the line before its close tag), and per multi-line comment. */
export function foldingRanges(text: string, root: PlistNode | undefined): FoldingRangeSpec[] {
  const lines = new LineIndex(text);
  const out: FoldingRangeSpec[] = [];
  const visit = (node: PlistNode) => {
    if (node.kind !== 'dict' && node.kind !== 'array') return;
    if (node.span.end > node.openTag.end) {
      const startLine = lines.positionAt(node.span.start).line;
      const endLine = lines.positionAt(node.content.end).line - 1;
      if (endLine > startLine) out.push({ startLine, endLine });
    }
    if (node.kind === 'dict')
      for (const e of node.entries) {
        if (e.value) visit(e.value);
      }
    else node.items.forEach(visit);
  };
  if (root) visit(root);
  for (const c of commentSpans(text)) {
    const startLine = lines.positionAt(c.start).line;
    const endLine = lines.positionAt(c.end).line;
    if (endLine > startLine) out.push({ startLine, endLine, kind: 'comment' });
  }
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
