import { escapeXml } from '../edit';
import { buildModel, type ProfileDocument } from '../model';
import { getString, type DictNode, type PlistNode, type Span } from '../plist/ast';
import { parsePlist } from '../plist/parse';
import { isPlaceholder } from '../placeholders';
import { isTemplateOrg, isTemplateValue, DEFAULT_CLIENT_ID, DEFAULT_ORG, PAYLOAD_TEMPLATES, escapeSnippet, newUuid, renderTemplate } from '../okta';
import type { DpsDeployment } from '../dps/deployment';
import { allSchemas, getSchema, PROFILE_SCHEMA_ID, type JsonSchema } from '../schema/registry';
import { entryOf, keySchemaOf, locate, schemaPlaceOf, subSchemaOf, type Location } from './context';
import { keyDocumentation, oktaOf, plistTypeOf } from './schemaText';
import { isInComment } from './xmlScan';

/**
 * Completion from the schemas: keys valid at the cursor, value elements,
 * allowed string values, whole DPS payloads and MDM variables. Works on what
 * the parser built, so a syntax error elsewhere does not stop it.
 */

export type CompletionKind = 'key' | 'value' | 'payload' | 'placeholder';

export interface CompletionItemSpec {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** The text that replaces `replace`; snippet syntax when `snippet`. Lines break with `\n`. */
  insertText: string;
  snippet: boolean;
  replace: Span;
  filterText?: string;
  sortText?: string;
  deprecated?: boolean;
}

export interface CompletionOptions {
  documentId?: string;
  fileName?: string;
  preferenceDomainFiles?: Readonly<Record<string, string>>;
  /** Values already known in the deployment, used as the defaults of payload templates. */
  known?: { orgHost?: string; clientId?: string };
  /** UUID source (tests pass a fixed one). */
  uuid?: () => string;
  /** The text's parse and model when the caller has them already (the server keeps them per document version). */
  parsed?: { root: PlistNode | undefined; document: ProfileDocument };
}

export function completionsAt(text: string, offset: number, options: CompletionOptions = {}): CompletionItemSpec[] {
  if (isInComment(text, offset)) return [];
  const modelOptions = { documentId: options.documentId ?? '', fileName: options.fileName, preferenceDomainFiles: options.preferenceDomainFiles };
  const parsed = options.parsed ?? parsePlist(text);
  const doc = options.parsed?.document ?? buildModel(parsed.root, modelOptions);
  const here = locate(parsed.root, offset);

  switch (here.kind) {
    case 'key':
      return here.onName ? keyNameItems(doc, here.dict, here.entry.key, here.entry.keyNameSpan) : [];
    case 'string-content':
      return stringValueItems(doc, here.node);
    case 'value':
      return here.node.kind === 'boolean' ? booleanItems(here.node.span, '') : [];
  }

  // Whatever is typed before the cursor on this line (`<key>Ext`, `<tr`, `Ext`) is replaced by the item.
  // Parse again without it, so the half-typed element does not disturb the tree around the cursor.
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  const typed = /(?:<key>[^<>]*|<[A-Za-z0-9_.\-]*|[A-Za-z0-9_.\-]+)$/.exec(text.slice(lineStart, offset))?.[0] ?? '';
  const replace = { start: offset - typed.length, end: offset };
  let place: Location = here;
  let placeDoc: ProfileDocument = doc;
  if (typed) {
    const patched = parsePlist(text.slice(0, replace.start) + text.slice(offset));
    placeDoc = buildModel(patched.root, modelOptions);
    place = locate(patched.root, replace.start);
  }
  const angle = typed.startsWith('<');
  switch (place.kind) {
    case 'dict-body': {
      // The parser drops a <key> that has no value yet; its value goes here, not another key.
      const dangling = danglingKeyBefore(text, replace.start);
      if (dangling !== undefined) return valueElementItems(keySchemaOf(placeDoc, place.dict, dangling)?.schema, replace);
      return keyItems(placeDoc, place.dict, replace, angle);
    }
    case 'entry-value': {
      const schema = keySchemaOf(placeDoc, place.dict, place.entry.key)?.schema;
      return valueElementItems(schema, replace);
    }
    case 'array-body': {
      const where = schemaPlaceOf(placeDoc, place.array);
      const items = where ? subSchemaOf({ ...where, path: [...where.path, 0] }) : undefined;
      const out = valueElementItems(items, replace);
      if (where?.schemaId === PROFILE_SCHEMA_ID && where.path.length === 1 && where.path[0] === 'PayloadContent') {
        out.unshift(...payloadItems(replace, angle, options));
      }
      return out;
    }
    default:
      return [];
  }
}

/** The name of a `<key>…</key>` that ends just before `offset` (only whitespace and comments between). */
function danglingKeyBefore(text: string, offset: number): string | undefined {
  let end = offset;
  for (;;) {
    while (end > 0 && /\s/.test(text[end - 1])) end--;
    if (!text.endsWith('-->', end)) break;
    const open = text.lastIndexOf('<!--', end - 3);
    if (open < 0) return undefined;
    end = open;
  }
  const m = /<key>([^<]*)<\/key>$/.exec(text.slice(Math.max(0, end - 300), end));
  return m ? unescapeXml(m[1]) : undefined;
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e] ?? _);
}

function propertiesOf(schema: JsonSchema | undefined): [string, JsonSchema][] {
  const props = schema?.properties as Record<string, JsonSchema> | undefined;
  return props ? Object.entries(props) : [];
}

function dictSchema(doc: ProfileDocument, dict: DictNode): JsonSchema | undefined {
  const place = schemaPlaceOf(doc, dict);
  return place ? subSchemaOf(place) : undefined;
}

/** Okta-annotated keys first (they matter for DPS), then the schema's order. */
function keySort(index: number, schema: JsonSchema): string {
  return `${oktaOf(schema) ? 0 : 1}${String(index).padStart(4, '0')}`;
}

function isDeprecated(schema: JsonSchema): boolean {
  const m = schema.macOS as { deprecated?: string; removed?: string } | undefined;
  return !!(m?.deprecated || m?.removed);
}

function keyItems(doc: ProfileDocument, dict: DictNode, replace: Span, angle: boolean): CompletionItemSpec[] {
  const present = new Set(dict.entries.map((e) => e.key));
  return propertiesOf(dictSchema(doc, dict))
    .filter(([key]) => !present.has(key))
    .map(([key, schema], index) => ({
      label: key,
      kind: 'key' as const,
      detail: plistTypeOf(schema),
      documentation: keyDocumentation(key, schema, { heading: false }),
      insertText: `<key>${escapeSnippet(escapeXml(key))}</key>\n${valueSnippet(schema)}`,
      snippet: true,
      replace,
      filterText: angle ? `<key>${key}` : key,
      sortText: keySort(index, schema),
      deprecated: isDeprecated(schema) || undefined,
    }));
}

/** Renaming a key in place: names only, no value. */
function keyNameItems(doc: ProfileDocument, dict: DictNode, current: string, replace: Span): CompletionItemSpec[] {
  const present = new Set(dict.entries.map((e) => e.key));
  present.delete(current);
  return propertiesOf(dictSchema(doc, dict))
    .filter(([key]) => !present.has(key))
    .map(([key, schema], index) => ({
      label: key,
      kind: 'key' as const,
      detail: plistTypeOf(schema),
      documentation: keyDocumentation(key, schema, { heading: false }),
      insertText: escapeXml(key),
      snippet: false,
      replace,
      sortText: keySort(index, schema),
      deprecated: isDeprecated(schema) || undefined,
    }));
}

function choice(values: readonly string[]): string {
  return `\${1|${values.map((v) => v.replace(/[\\,|$}]/g, (c) => `\\${c}`)).join(',')}|}`;
}

/** The value element for a key, with tab stops: `<string>$1</string>`, `<true/>`, `<array>\n\t$1\n</array>`. */
export function valueSnippet(schema: JsonSchema | undefined): string {
  const type = (schema?.plistType as string | undefined) ?? (schema?.type === 'object' ? 'dict' : (schema?.type as string | undefined));
  const okta = oktaOf(schema)?.expected;
  const enumValues = Array.isArray(schema?.enum) ? (schema!.enum as unknown[]) : undefined;
  const preferred = (values: unknown[]) => {
    const ordered = okta !== undefined && values.includes(okta) ? [okta, ...values.filter((v) => v !== okta)] : values;
    return ordered.map((v) => escapeXml(String(v)));
  };
  switch (type) {
    case 'boolean': {
      const first = okta === false || schema?.default === true ? 'false' : 'true';
      const second = first === 'true' ? 'false' : 'true';
      return `<${first}/>`.replace(first, choice([first, second]));
    }
    case 'integer':
    case 'real': {
      if (enumValues) return `<${type}>${choice(preferred(enumValues))}</${type}>`;
      const start = okta ?? schema?.default;
      return typeof start === 'number' ? `<${type}>\${1:${start}}</${type}>` : `<${type}>$1</${type}>`;
    }
    case 'date':
      return '<date>${1:2025-01-01T00:00:00Z}</date>';
    case 'data':
      return '<data>$1</data>';
    case 'array':
      return '<array>\n\t$1\n</array>';
    case 'dict':
      return '<dict>\n\t$1\n</dict>';
    default: {
      if (enumValues) return `<string>${choice(preferred(enumValues))}</string>`;
      if (typeof okta === 'string' && !/[<>]/.test(okta)) return `<string>\${1:${escapeSnippet(escapeXml(okta))}}</string>`;
      return '<string>$1</string>';
    }
  }
}

function booleanItems(replace: Span, filterPrefix: string): CompletionItemSpec[] {
  return ['<true/>', '<false/>'].map((label, i) => ({
    label,
    kind: 'value' as const,
    detail: 'boolean',
    insertText: label,
    snippet: false,
    replace,
    filterText: filterPrefix ? undefined : label,
    sortText: String(i),
  }));
}

const GENERIC_ELEMENTS = ['string', 'integer', 'real', 'boolean', 'date', 'data', 'array', 'dict'];

/** Value elements where a value is expected (after a key without value, in an array). */
function valueElementItems(schema: JsonSchema | undefined, replace: Span): CompletionItemSpec[] {
  const type = schema ? ((schema.plistType as string | undefined) ?? (schema.type === 'object' ? 'dict' : (schema.type as string | undefined))) : undefined;
  if (!type) {
    return GENERIC_ELEMENTS.flatMap((t) => (t === 'boolean' ? booleanItems(replace, '') : [elementItem(t, { plistType: t }, replace)]));
  }
  if (type === 'boolean') return booleanItems(replace, '');
  const out: CompletionItemSpec[] = [];
  if (type === 'string' && Array.isArray(schema!.enum)) {
    (schema!.enum as unknown[]).forEach((v, i) => {
      const xml = `<string>${escapeXml(String(v))}</string>`;
      out.push({ label: xml, kind: 'value', detail: 'allowed value', insertText: xml, snippet: false, replace, sortText: `0${i}` });
    });
  }
  out.push(elementItem(type, schema!, replace));
  return out;
}

function elementItem(type: string, schema: JsonSchema, replace: Span): CompletionItemSpec {
  return { label: `<${type}>…</${type}>`, kind: 'value', detail: plistTypeOf(schema), insertText: valueSnippet(schema), snippet: true, replace, sortText: '1' };
}

/** Whole DPS payloads for PayloadContent, each with fresh UUIDs; org and client ID are the first tab stops. */
function payloadItems(replace: Span, angle: boolean, options: CompletionOptions): CompletionItemSpec[] {
  const org = options.known?.orgHost ?? DEFAULT_ORG;
  const clientId = options.known?.clientId ?? DEFAULT_CLIENT_ID;
  const uuid = options.uuid ?? newUuid;
  return PAYLOAD_TEMPLATES.map((t, i) => ({
    label: t.label,
    kind: 'payload' as const,
    detail: t.payloadType,
    documentation: t.description,
    insertText: renderTemplate(t.lines, { uuid, org: `\${1:${escapeSnippet(org)}}`, clientId: `\${2:${escapeSnippet(clientId)}}` }, true).join('\n'),
    snippet: true,
    replace,
    filterText: angle ? `<dict> ${t.label}` : t.label,
    sortText: `0${String(i).padStart(2, '0')}`,
  }));
}

interface MdmVariable {
  value: string;
  fits: 'user' | 'device' | 'secret';
  note: string;
}

/** Examples of MDM variable syntax; the MDM replaces them before the profile reaches the Mac. */
export const MDM_VARIABLES: readonly MdmVariable[] = [
  { value: '$EMAIL', fits: 'user', note: "The user's email address ($-style variables: Jamf Pro, Kandji and others)." },
  { value: '$USERNAME', fits: 'user', note: "The user's name in the MDM ($-style variables)." },
  { value: '{{userprincipalname}}', fits: 'user', note: "The user's principal name (Intune-style variable)." },
  { value: '$SERIALNUMBER', fits: 'device', note: 'The serial number of the Mac ($-style variables).' },
  { value: '$UDID', fits: 'device', note: 'The hardware UDID of the Mac ($-style variables).' },
  { value: '$COMPUTERNAME', fits: 'device', note: 'The computer name ($-style variables).' },
  { value: '{{serialnumber}}', fits: 'device', note: 'The serial number of the Mac (Intune-style variable).' },
  { value: '$FLEET_VAR_NDES_SCEP_CHALLENGE', fits: 'secret', note: 'A per-device SCEP challenge fetched by Fleet from an NDES server.' },
  { value: '$FLEET_SECRET_SCEP_CHALLENGE', fits: 'secret', note: 'A secret kept in Fleet instead of in the file (name it as you like after $FLEET_SECRET_).' },
];

function variableFit(key: string | undefined, path: readonly (string | number)[]): MdmVariable['fits'] | undefined {
  if (key && /UserPrincipalName|rfc822Name|ntPrincipalName/i.test(key)) return 'user';
  if (key === 'Challenge') return 'secret';
  if (key === 'dNSName' || path.includes('Subject')) return 'device';
  return undefined;
}

function stringValueItems(doc: ProfileDocument, node: PlistNode & { kind: 'string' }): CompletionItemSpec[] {
  const replace = node.content;
  const entry = entryOf(node);
  const place = schemaPlaceOf(doc, node);
  const schema = place ? subSchemaOf(place) : undefined;
  const out: CompletionItemSpec[] = [];
  const seen = new Set<string>();
  const add = (value: string, detail: string, documentation?: string) => {
    if (seen.has(value)) return;
    seen.add(value);
    out.push({ label: value, kind: 'value', detail, documentation, insertText: escapeXml(value), snippet: false, replace, sortText: String(out.length).padStart(3, '0') });
  };

  if (entry?.key === 'PayloadType' && node.parent?.kind === 'dict') {
    // The profile's own dict is a Configuration; a new file's root may become either.
    const atRoot = node.parent === doc.profileDict || (doc.kind === 'unknown' && node.parent === doc.root);
    if (atRoot) add(PROFILE_SCHEMA_ID, 'profile', getSchema(PROFILE_SCHEMA_ID)?.description as string | undefined);
    if (node.parent !== doc.profileDict) {
      for (const { id, schema: s } of allSchemas()) if (id !== PROFILE_SCHEMA_ID) add(id, String(s.title ?? 'payload type'), s.description as string | undefined);
    }
    return out;
  }
  const okta = oktaOf(schema)?.expected;
  if (typeof okta === 'string' && !/[<>]/.test(okta)) add(okta, 'Okta DPS expects', oktaOf(schema)?.note);
  if (Array.isArray(schema?.enum)) for (const v of schema!.enum as unknown[]) if (typeof v === 'string') add(v, 'allowed value');
  if (Array.isArray(schema?.examples)) for (const v of schema!.examples as unknown[]) if (typeof v === 'string') add(v, 'example');
  const fit = variableFit(entry?.key, place?.path ?? []);
  if (fit) {
    for (const v of MDM_VARIABLES) {
      if (v.fits !== fit) continue;
      if (seen.has(v.value)) continue;
      seen.add(v.value);
      out.push({ label: v.value, kind: 'placeholder', detail: 'MDM variable', documentation: v.note, insertText: escapeXml(v.value), snippet: false, replace, sortText: `9${out.length}` });
    }
  }
  return out;
}

/** The org host and client ID the deployment already uses (not template values), for payload templates. */
export function knownDpsValues(deployment: DpsDeployment | undefined): { orgHost?: string; clientId?: string } {
  const out: { orgHost?: string; clientId?: string } = {};
  for (const { item } of deployment?.oktaSettings ?? []) {
    const url = getString(item.dict, 'OktaVerify.OrgUrl')?.trim();
    if (!out.orgHost && url && !isTemplateOrg(url) && !isPlaceholder(url)) {
      const host = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#:]/)[0];
      if (host) out.orgHost = host;
    }
    const id = getString(item.dict, 'OktaVerify.PasswordSyncClientID')?.trim();
    if (!out.clientId && id && !isTemplateValue(id) && !isPlaceholder(id)) out.clientId = id;
  }
  return out;
}
