import { escapeXml } from '../edit';
import { REFERENCE_KEYS, type PayloadModel, type ProfileDocument } from '../model';
import { getEntry, type PlistNode, type Span, type StringNode } from '../plist/ast';
import type { TextEditSpec } from '../problem';
import { entryOf, locate } from './context';
import { newUuid } from '../okta';

/**
 * Payloads name each other by PayloadUUID (a SCEP certificate used by
 * another payload, …). Definition, references and rename follow those links
 * within the document and across the other documents of its deployment.
 */

export interface UuidSite {
  documentId: string;
  /** The `<string>` element. */
  node: StringNode;
  role: 'declaration' | 'reference';
  /** The payload declaring the UUID (declarations only). */
  payload?: PayloadModel;
}

export interface NavLocation {
  documentId: string;
  /** The whole target (the payload dict for a declaration, the string for a reference). */
  span: Span;
  /** The UUID string itself. */
  selectionSpan: Span;
}

const sameUuid = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();

/** The PayloadUUID value or UUID reference under the cursor, if any. */
export function uuidSiteAt(doc: ProfileDocument, offset: number): UuidSite | undefined {
  const here = locate(doc.root, offset);
  let node: PlistNode | undefined;
  if (here.kind === 'string-content' || here.kind === 'value') node = here.node;
  else if (here.kind === 'key') node = here.entry.value; // on the <key> of a PayloadUUID or reference key
  if (node?.kind !== 'string') return undefined;
  return siteOf(doc, node);
}

function siteOf(doc: ProfileDocument, node: StringNode): UuidSite | undefined {
  const payload = doc.payloads.find((p) => getEntry(p.dict, 'PayloadUUID')?.value === node);
  if (payload) return { documentId: doc.documentId, node, role: 'declaration', payload };
  if (doc.profileDict && getEntry(doc.profileDict, 'PayloadUUID')?.value === node) return { documentId: doc.documentId, node, role: 'declaration' };
  const key = entryOf(node)?.key ?? (node.parent?.kind === 'array' ? entryOf(node.parent)?.key : undefined);
  if (key && REFERENCE_KEYS.has(key)) return { documentId: doc.documentId, node, role: 'reference' };
  return undefined;
}

/** Every declaration and reference of a UUID in the given documents. */
export function uuidSites(docs: readonly ProfileDocument[], uuid: string): UuidSite[] {
  const out: UuidSite[] = [];
  for (const doc of docs) {
    for (const p of doc.payloads) {
      const v = getEntry(p.dict, 'PayloadUUID')?.value;
      if (v?.kind === 'string' && sameUuid(v.value, uuid)) out.push({ documentId: doc.documentId, node: v, role: 'declaration', payload: p });
      for (const r of p.references) if (sameUuid(r.node.value, uuid)) out.push({ documentId: doc.documentId, node: r.node, role: 'reference' });
    }
  }
  return out;
}

/** Go to definition: the payload(s) that declare the UUID under the cursor. */
export function definitionAt(doc: ProfileDocument, offset: number, deployment: readonly ProfileDocument[]): NavLocation[] {
  const site = uuidSiteAt(doc, offset);
  if (!site) return [];
  return uuidSites(withSelf(doc, deployment), site.node.value)
    .filter((s) => s.role === 'declaration' && s.node !== site.node)
    .map((s) => ({ documentId: s.documentId, span: s.payload?.dict.span ?? s.node.span, selectionSpan: s.node.content }));
}

/** Find references: the keys that point at the UUID (and its declaration when asked). */
export function referencesAt(doc: ProfileDocument, offset: number, deployment: readonly ProfileDocument[], includeDeclaration: boolean): NavLocation[] {
  const site = uuidSiteAt(doc, offset);
  if (!site) return [];
  return uuidSites(withSelf(doc, deployment), site.node.value)
    .filter((s) => includeDeclaration || s.role === 'reference')
    .map((s) => ({ documentId: s.documentId, span: s.node.content, selectionSpan: s.node.content }));
}

/** What rename would change: the UUID text under the cursor. */
export function prepareRenameAt(doc: ProfileDocument, offset: number): { span: Span; placeholder: string } | undefined {
  const site = uuidSiteAt(doc, offset);
  return site ? { span: site.node.content, placeholder: site.node.value } : undefined;
}

/** Rename a PayloadUUID (or a reference to one): the declaration and every reference change together. */
export function renameAt(doc: ProfileDocument, offset: number, newName: string, deployment: readonly ProfileDocument[]): TextEditSpec[] | undefined {
  const site = uuidSiteAt(doc, offset);
  if (!site) return undefined;
  return replaceUuidEdits(withSelf(doc, deployment), site, newName);
}

/** Edits that replace the UUID at `site` and at every site of the same UUID. */
function replaceUuidEdits(docs: readonly ProfileDocument[], site: UuidSite, newValue: string): TextEditSpec[] {
  const sites = uuidSites(docs, site.node.value);
  if (!sites.some((s) => s.node === site.node)) sites.unshift(site); // the profile's own UUID is not a payload's
  return sites.map((s) => ({ span: s.node.content, newText: escapeXml(newValue), documentId: s.documentId }));
}

function withSelf(doc: ProfileDocument, deployment: readonly ProfileDocument[]): ProfileDocument[] {
  const others = deployment.filter((d) => d.documentId !== doc.documentId);
  return [doc, ...others];
}

export interface EditorAction {
  title: string;
  /** 'refactor' actions are offered in the refactor menu and the lightbulb. */
  kind: 'refactor';
  edits: TextEditSpec[];
}

/**
 * "Generate a new PayloadUUID" on a payload's (or the profile's) PayloadUUID:
 * references to the old UUID follow, so nothing dangles.
 */
export function uuidActionsAt(doc: ProfileDocument, span: Span, deployment: readonly ProfileDocument[], uuid: () => string = newUuid): EditorAction[] {
  const site = uuidSiteAt(doc, span.start) ?? (span.end !== span.start ? uuidSiteAt(doc, span.end) : undefined);
  if (!site || site.role !== 'declaration') return [];
  return [{ title: 'Generate a new PayloadUUID', kind: 'refactor', edits: replaceUuidEdits(withSelf(doc, deployment), site, uuid()) }];
}
