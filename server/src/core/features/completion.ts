import { escapeXml } from '../edit';
import { buildModel, type ModelOptions, type ProfileDocument } from '../model';
import { type ArrayNode, type DictNode, type PlistNode, type Span } from '../plist/ast';
import { parsePlist } from '../plist/parse';
import { allSchemas, getSchema, PROFILE_SCHEMA_ID, type JsonSchema } from '../schema/registry';
import { keySchemaOf, schemaPlaceOf, subSchemaOf } from './context';
import { scanCursor, type CursorState, type OpenFrame } from './cursor-scan';
import { deploymentValuesFor, keyedStrings, knownFrom, type KnownValues } from './known-values';
import { keyDocumentation, oktaOf, plistTypeOf } from './schema-text';
import { DEFAULT_CLIENT_ID, DEFAULT_ORG, escapeSnippet, newUuid, PAYLOAD_TEMPLATES, PROFILE_TEMPLATES, renderTemplate } from '../okta';

/**
 * Completion from the schemas: keys valid at the cursor, value elements,
 * allowed string values, the values the deployment already uses, whole DPS
 * payloads and MDM variables. The place of the cursor comes from a tolerant
 * scan of the text before it (cursor-scan.ts), so nothing after the cursor has
 * to exist or parse; every item replaces only what was typed on the cursor's line.
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
  known?: { orgHost?: string; clientId?: string; orgHosts?: readonly string[]; clientIds?: readonly string[] };
  /** UUID source (tests pass a fixed one). */
  uuid?: () => string;
  /**
   * The tree and model of this text with these model options that the caller has or keeps (the server's parse of the
   * document's current or previous version, or one reused across whitespace: then `treeOffset` maps offsets of the
   * text into the tree), else undefined and completion parses the text itself.
   */
  parsed?: (text: string) => { root: PlistNode | undefined; document: ProfileDocument; treeOffset?: (offset: number) => number } | undefined;
}

export function completionsAt(text: string, offset: number, options: CompletionOptions = {}): CompletionItemSpec[] {
  const scan = scanCursor(text, offset);
  const plan = planEdit(text, offset, scan.state);
  if (!plan) return [];
  const modelOptions = { documentId: options.documentId ?? '', fileName: options.fileName, preferenceDomainFiles: options.preferenceDomainFiles };
  const where = resolvePlace(text, plan.cut, scan.frames, modelOptions, options.parsed);
  const known = knownFrom(scan.seen, knownFrom(keyedStrings(where.patchedRoot, true), initialKnown(options)));
  const frame = scan.frames[scan.frames.length - 1] as OpenFrame | undefined;
  const node = where.nodes[where.nodes.length - 1];
  const { replace } = plan;

  if (plan.mode === 'close-tag') {
    if (!frame) return [];
    const label = `</${frame.name}>`;
    return [{ label, kind: 'value', detail: `closes <${frame.name}>`, insertText: label, snippet: false, replace, sortText: '0' }];
  }
  if (!frame) return plan.mode === 'element' && !/<plist[\s>]/.test(text.slice(0, offset)) ? profileItems(text.slice(0, offset), replace, options) : [];
  if (frame.name === 'plist') return plan.mode === 'element' && frame.items === 0 ? [elementItem('dict', { plistType: 'dict' }, replace)] : [];

  // After a key still waiting for its value a value goes, unless a new `<key` is being typed (the value left out).
  const typedKey = plan.angle && /^<k/.test(text.slice(replace.start, offset));
  if (frame.name === 'dict' && (plan.mode === 'key-name' || (plan.mode === 'element' && (frame.pendingKey === undefined || typedKey)))) {
    const dict = node?.kind === 'dict' ? node : undefined;
    const present = new Set([...frame.keys, ...(where.fromFullText && dict ? dict.entries.map((e) => e.key) : [])]);
    const props = dict ? keyProperties(where.doc, dict, present) : [];
    return plan.mode === 'key-name' ? keyNameItems(props, present, replace) : keyItems(props, present, replace, plan.angle);
  }
  if (plan.mode === 'key-name') return [];
  const slot = valueSlotOf(where.doc, frame, node, where.fromFullText);
  if (plan.mode === 'value-content')
    return contentItems(where.doc, slot, known, plan.element ?? 'string', plan.closed ?? true, replace, options.uuid ?? newUuid);
  const out = valueElementItems(slot.schema, replace);
  if (!slot.schema || plistKindOf(slot.schema) === 'string') {
    const suggestions = stringSuggestions(where.doc, slot, known, options.uuid ?? newUuid).filter(
      (s) => s.source !== 'enum' && s.source !== 'example' && s.source !== 'variable',
    );
    suggestions.forEach((s, i) => out.push(wrapped(s, replace, i)));
  }
  if (slot.schemaId === PROFILE_SCHEMA_ID && slot.path.length === 2 && slot.path[0] === 'PayloadContent') {
    out.unshift(...payloadItems(replace, plan.angle, options, known));
  }
  return out;
}

interface EditPlan {
  /** What an item replaces: always on the cursor's line, only what was typed (and the rest of that token on the line). */
  replace: Span;
  /** What is taken out of the text to parse the structure around the cursor: the element being typed. */
  cut: Span;
  /** The typed text starts with `<` (items filter with their tag). */
  angle: boolean;
  /** element: a new key or value element; key-name: the text of a closed `<key>`; value-content: the text of a value element. */
  mode: 'element' | 'key-name' | 'value-content' | 'close-tag';
  element?: string;
  /** value-content: the close tag follows on the line (else items add it). */
  closed?: boolean;
}

function planEdit(text: string, offset: number, state: CursorState): EditPlan | undefined {
  const rest = /^[^\r\n]*/.exec(text.slice(offset))![0];
  let plan: EditPlan;
  switch (state.kind) {
    case 'none':
      return undefined;
    case 'between': {
      const replace = { start: offset - state.typed.length, end: offset };
      plan = { replace, cut: replace, angle: false, mode: 'element' };
      break;
    }
    case 'tag': {
      if (state.text.startsWith('</')) {
        const replace = { start: state.start, end: offset + /^[A-Za-z]*>?/.exec(rest)![0].length };
        plan = { replace, cut: replace, angle: true, mode: 'close-tag' };
        break;
      }
      // `<tr|ue/>`: the rest of the tag on the line is replaced too.
      const tail = /^[A-Za-z0-9_.-]*\s*\/?>/.exec(rest)?.[0] ?? /^[A-Za-z0-9_.-]*/.exec(rest)![0];
      const replace = { start: state.start, end: offset + tail.length };
      plan = { replace, cut: replace, angle: true, mode: 'element' };
      break;
    }
    case 'key-name': {
      const close = /^([^<]*?)<\/key\s*>/.exec(rest);
      if (close) {
        plan = {
          replace: { start: state.contentStart, end: offset + close[1].length },
          cut: { start: state.elementStart, end: offset + close[0].length },
          angle: false,
          mode: 'key-name',
        };
      } else {
        // `<key>Pla|` with nothing closing it: the whole key and its value come from the item.
        const replace = { start: state.elementStart, end: offset + /^[^<\s]*/.exec(rest)![0].length };
        plan = { replace, cut: replace, angle: true, mode: 'element' };
      }
      break;
    }
    case 'value-content': {
      const close = new RegExp(`^([^<]*?)</${state.element}\\s*>`).exec(rest);
      const tail = close ? close[1] : /^[^<]*/.exec(rest)![0].trimEnd();
      plan = {
        replace: { start: state.contentStart, end: offset + tail.length },
        cut: { start: state.elementStart, end: offset + (close ? close[0].length : tail.length) },
        angle: false,
        mode: 'value-content',
        element: state.element,
        closed: !!close,
      };
      break;
    }
  }
  return /[\r\n]/.test(text.slice(plan.replace.start, plan.replace.end)) ? undefined : plan;
}

interface Resolved {
  doc: ProfileDocument;
  /** The tree node of each open frame (undefined for `<plist>` or when it could not be found). */
  nodes: (PlistNode | undefined)[];
  /** The nodes come from the whole text (keys after the cursor are known too), not from a skeleton of the frames. */
  fromFullText: boolean;
  patchedRoot: PlistNode | undefined;
}

/**
 * The tree around the cursor: first the whole text without the element being
 * typed (the frames found again by their offsets); when that does not parse
 * into the same structure, a skeleton rebuilt from the frames alone.
 */
function resolvePlace(text: string, cut: Span, frames: readonly OpenFrame[], modelOptions: ModelOptions, parsed: CompletionOptions['parsed']): Resolved {
  const patchedText = cut.start === cut.end ? text : text.slice(0, cut.start) + text.slice(cut.end);
  const known = parsed?.(patchedText);
  const patched = known ?? { root: parsePlist(patchedText).root, document: undefined, treeOffset: undefined };
  const at = patched.treeOffset ?? ((offset: number) => offset);
  const byOffset = framesIn(patched.root, frames, (parent, frame, candidates) => candidates.find((c) => c?.span.start === at(frame.openStart)));
  if (byOffset) return { doc: patched.document ?? buildModel(patched.root, modelOptions), nodes: byOffset, fromFullText: true, patchedRoot: patched.root };
  const skeleton = parsePlist(skeletonOf(frames));
  const bySlot = framesIn(skeleton.root, frames, (parent, frame) => {
    if (!parent) return skeleton.root;
    if (parent.kind === 'dict') return typeof frame.slot === 'string' ? parent.entries.find((e) => e.key === frame.slot)?.value : undefined;
    return typeof frame.slot === 'number' ? parent.items[frame.slot] : undefined;
  });
  return { doc: buildModel(skeleton.root, modelOptions), nodes: bySlot ?? frames.map(() => undefined), fromFullText: false, patchedRoot: patched.root };
}

type Container = DictNode | ArrayNode;

function framesIn(
  root: PlistNode | undefined,
  frames: readonly OpenFrame[],
  find: (parent: Container | undefined, frame: OpenFrame, candidates: (PlistNode | undefined)[]) => PlistNode | undefined,
): (PlistNode | undefined)[] | undefined {
  const out: (PlistNode | undefined)[] = [];
  let parent: Container | undefined;
  for (const frame of frames) {
    if (frame.name === 'plist' && !parent) {
      out.push(undefined);
      continue;
    }
    const candidates = parent ? (parent.kind === 'dict' ? parent.entries.map((e) => e.value) : parent.items) : [root];
    const found = find(parent, frame, candidates);
    if (!found || found.kind !== frame.name || (found.kind !== 'dict' && found.kind !== 'array')) return undefined;
    out.push(found);
    parent = found;
  }
  return out;
}

/** The open frames as a minimal plist: each dict with the scalar values written before the cursor. */
function skeletonOf(frames: readonly OpenFrame[]): string {
  let xml = '';
  const closers: string[] = [];
  for (let k = 0; k < frames.length; k++) {
    const f = frames[k];
    if (f.name === 'plist') {
      xml += '<plist version="1.0">';
      closers.push('</plist>');
      continue;
    }
    if (f.name !== 'dict' && f.name !== 'array') break;
    const parent = frames[k - 1] as OpenFrame | undefined;
    if (parent?.name === 'dict' && typeof f.slot === 'string') xml += `<key>${escapeXml(f.slot)}</key>`;
    else if (parent?.name === 'array' && typeof f.slot === 'number') xml += '<string/>'.repeat(f.slot);
    xml += `<${f.name}>`;
    if (f.name === 'dict') for (const [key, value] of f.values) xml += `<key>${escapeXml(key)}</key><string>${escapeXml(value)}</string>`;
    closers.push(`</${f.name}>`);
  }
  return xml + closers.reverse().join('');
}

function initialKnown(options: CompletionOptions): KnownValues {
  const k = options.known;
  return { orgHosts: [...(k?.orgHosts ?? []), ...(k?.orgHost ? [k.orgHost] : [])], clientIds: [...(k?.clientIds ?? []), ...(k?.clientId ? [k.clientId] : [])] };
}

/** A payload whose PayloadType is not written yet: the keys of every payload type that has all the keys already there. */
function keyProperties(doc: ProfileDocument, dict: DictNode, present: ReadonlySet<string>): [string, JsonSchema][] {
  const place = schemaPlaceOf(doc, dict);
  if (!place) return [];
  if (place.schemaId !== undefined || place.path.length > 0 || !place.payload) return propertiesOf(subSchemaOf(place));
  const union = new Map<string, JsonSchema>();
  for (const [key, schema] of propertiesOf(subSchemaOf(place))) union.set(key, schema);
  for (const { id, schema } of allSchemas()) {
    if (id === PROFILE_SCHEMA_ID) continue;
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
    if ([...present].some((k) => !Object.prototype.hasOwnProperty.call(props, k))) continue;
    for (const [key, s] of Object.entries(props)) if (!union.has(key)) union.set(key, s);
  }
  return [...union];
}

interface ValueSlot {
  schemaId: string | undefined;
  schema: JsonSchema | undefined;
  /** From the schema root to the value. */
  path: (string | number)[];
  /** The dict key the value belongs to (an array item: the array's key). */
  key: string | undefined;
  /** The dict holding the key, when the value is a dict entry. */
  dict: DictNode | undefined;
  /** Items already in the array. */
  already: string[];
}

function valueSlotOf(doc: ProfileDocument, frame: OpenFrame, node: PlistNode | undefined, fromFullText: boolean): ValueSlot {
  if (frame.name === 'dict') {
    const key = frame.pendingKey;
    const dict = node?.kind === 'dict' ? node : undefined;
    const place = dict ? schemaPlaceOf(doc, dict) : undefined;
    let schema = dict && key !== undefined ? keySchemaOf(doc, dict, key)?.schema : undefined;
    if (!schema && key !== undefined && place && place.schemaId === undefined && place.path.length === 0) {
      schema = allSchemas()
        .map((s) => (s.schema.properties as Record<string, JsonSchema> | undefined)?.[key])
        .find((s) => s !== undefined);
    }
    return { schemaId: place?.schemaId, schema, path: [...(place?.path ?? []), ...(key !== undefined ? [key] : [])], key, dict, already: [] };
  }
  const array = node?.kind === 'array' ? node : undefined;
  const place = array ? schemaPlaceOf(doc, array) : undefined;
  const path = [...(place?.path ?? []), frame.items];
  const schema = place ? subSchemaOf({ ...place, path }) : undefined;
  const already = [...frame.itemValues, ...(fromFullText && array ? array.items.flatMap((i) => (i.kind === 'string' ? [i.value] : [])) : [])];
  return { schemaId: place?.schemaId, schema, path, key: typeof frame.slot === 'string' ? frame.slot : undefined, dict: undefined, already };
}

function plistKindOf(schema: JsonSchema | undefined): string | undefined {
  return schema ? ((schema.plistType as string | undefined) ?? (schema.type === 'object' ? 'dict' : (schema.type as string | undefined))) : undefined;
}
function propertiesOf(schema: JsonSchema | undefined): [string, JsonSchema][] {
  const props = schema?.properties as Record<string, JsonSchema> | undefined;
  return props ? Object.entries(props) : [];
}

/** Okta-annotated keys first (they matter for DPS), then the schema's order. */
function keySort(index: number, schema: JsonSchema): string {
  return `${oktaOf(schema) ? 0 : 1}${String(index).padStart(4, '0')}`;
}

function isDeprecated(schema: JsonSchema): boolean {
  const m = schema.macOS as { deprecated?: string; removed?: string } | undefined;
  return !!(m?.deprecated || m?.removed);
}

/** Key items: with `withValue`, the `<key>` and its value element (a snippet); else the name only (inside a closed `<key>…</key>`). */
function keyItems(props: [string, JsonSchema][], present: ReadonlySet<string>, replace: Span, angle: boolean, withValue = true): CompletionItemSpec[] {
  return props
    .filter(([key]) => !present.has(key))
    .map(([key, schema], index) => ({
      label: key,
      kind: 'key' as const,
      detail: plistTypeOf(schema),
      documentation: keyDocumentation(key, schema, { heading: false }),
      insertText: withValue ? `<key>${escapeSnippet(escapeXml(key))}</key>\n${valueSnippet(schema)}` : escapeXml(key),
      snippet: withValue,
      replace,
      ...(withValue ? { filterText: angle ? `<key>${key}` : key } : {}),
      sortText: keySort(index, schema),
      deprecated: isDeprecated(schema) || undefined,
    }));
}

/** Inside a closed `<key>…</key>`: names only, no value. */
function keyNameItems(props: [string, JsonSchema][], present: ReadonlySet<string>, replace: Span): CompletionItemSpec[] {
  return keyItems(props, present, replace, false, false);
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
function payloadItems(replace: Span, angle: boolean, options: CompletionOptions, known: KnownValues): CompletionItemSpec[] {
  const org = known.orgHosts[0] ?? DEFAULT_ORG;
  const clientId = known.clientIds[0] ?? DEFAULT_CLIENT_ID;
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

/** A new file: the whole DPS profiles (without the XML declaration and DOCTYPE already typed), and an empty profile. */
function profileItems(before: string, replace: Span, options: CompletionOptions): CompletionItemSpec[] {
  const uuid = options.uuid ?? newUuid;
  const has = (re: RegExp) => re.test(before);
  const keep = (line: string) => !(line.startsWith('<?xml') && has(/<\?xml/)) && !(line.startsWith('<!DOCTYPE') && has(/<!DOCTYPE/i));
  const items: CompletionItemSpec[] = PROFILE_TEMPLATES.map((t, i) => ({
    label: t.label,
    kind: 'payload' as const,
    detail: 'profile',
    documentation: t.description,
    insertText: renderTemplate(t.lines.filter(keep), { uuid, org: `\${1:${DEFAULT_ORG}}`, clientId: `\${2:${DEFAULT_CLIENT_ID}}` }, true).join('\n'),
    snippet: true,
    replace,
    filterText: `<plist ${t.label}`,
    sortText: `0${i}`,
  }));
  const empty = ['<?xml version="1.0" encoding="UTF-8"?>', '<plist version="1.0">', '<dict>', '\t$0', '</dict>', '</plist>'].filter(keep);
  // A bare payload or preference file is a single dict.
  items.push(elementItem('dict', { plistType: 'dict' }, replace));
  items.push({
    label: '<plist version="1.0">',
    kind: 'value',
    detail: 'empty profile',
    insertText: empty.join('\n'),
    snippet: true,
    replace,
    filterText: '<plist',
    sortText: '1',
  });
  return items;
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
  { value: '$SCEP_CHALLENGE', fits: 'secret', note: 'A variable your MDM replaces with the SCEP challenge (use the name your MDM defines).' },
  { value: '$FLEET_VAR_NDES_SCEP_CHALLENGE', fits: 'secret', note: 'A per-device SCEP challenge fetched by Fleet from an NDES server.' },
  { value: '$FLEET_SECRET_SCEP_CHALLENGE', fits: 'secret', note: 'A secret kept in Fleet instead of in the file (name it as you like after $FLEET_SECRET_).' },
];

function variableFit(key: string | undefined, path: readonly (string | number)[]): MdmVariable['fits'] | undefined {
  if (key && /UserPrincipalName|rfc822Name|ntPrincipalName/i.test(key)) return 'user';
  if (key === 'Challenge') return 'secret';
  if (key === 'dNSName' || path.includes('Subject')) return 'device';
  return undefined;
}

type SuggestionSource = 'payload-type' | 'okta' | 'enum' | 'example' | 'deployment' | 'variable' | 'default';

interface Suggestion {
  value: string;
  /** Snippet text of the value (a placeholder to fill in), when not plain. */
  snippet?: string;
  detail: string;
  documentation?: string;
  source: SuggestionSource;
}

/**
 * The values for a string at a place: the PayloadType values, then what Okta
 * expects and the schema's enum and examples, then the values that follow from
 * the deployment (org host, client ID), then the MDM variables.
 */
function stringSuggestions(doc: ProfileDocument, slot: ValueSlot, known: KnownValues, uuid: () => string): Suggestion[] {
  const out: Suggestion[] = [];
  const seen = new Set<string>();
  const add = (s: Suggestion) => {
    if (seen.has(s.value)) return;
    seen.add(s.value);
    out.push(s);
  };
  const schema = slot.schema;
  if (slot.key === 'PayloadType' && slot.dict) {
    // The profile's own dict is a Configuration; a new file's root may become either.
    const atRoot = slot.dict === doc.profileDict || (doc.kind === 'unknown' && slot.dict === doc.root);
    if (atRoot)
      add({
        value: PROFILE_SCHEMA_ID,
        detail: 'profile',
        documentation: getSchema(PROFILE_SCHEMA_ID)?.description as string | undefined,
        source: 'payload-type',
      });
    if (slot.dict !== doc.profileDict) {
      for (const { id, schema: s } of allSchemas()) {
        if (id !== PROFILE_SCHEMA_ID)
          add({ value: id, detail: String(s.title ?? 'payload type'), documentation: s.description as string | undefined, source: 'payload-type' });
      }
    }
    return out;
  }
  if (slot.key === 'PayloadUUID') add({ value: uuid(), detail: 'a new UUID', source: 'default' });
  const okta = oktaOf(schema);
  if (typeof okta?.expected === 'string' && !/[<>]/.test(okta.expected))
    add({ value: okta.expected, detail: 'Okta DPS expects', documentation: okta.note, source: 'okta' });
  if (Array.isArray(schema?.enum))
    for (const v of schema!.enum as unknown[]) if (typeof v === 'string') add({ value: v, detail: 'allowed value', source: 'enum' });
  if (Array.isArray(schema?.examples))
    for (const v of schema!.examples as unknown[]) if (typeof v === 'string') add({ value: v, detail: 'example', source: 'example' });
  const urlsSchema = slot.schemaId === undefined || slot.schemaId === 'com.apple.extensiblesso' ? 'com.apple.extensiblesso' : slot.schemaId;
  for (const v of deploymentValuesFor(slot.key, urlsSchema, known, slot.already)) add({ ...v, source: 'deployment' });
  const fit = variableFit(slot.key, slot.path);
  if (fit) for (const v of MDM_VARIABLES) if (v.fits === fit) add({ value: v.value, detail: 'MDM variable', documentation: v.note, source: 'variable' });
  return out;
}

/** Values of a number element: what Okta expects, the enum, the default. */
function numberSuggestions(schema: JsonSchema | undefined): Suggestion[] {
  const out: Suggestion[] = [];
  const add = (v: unknown, detail: string, source: SuggestionSource) => {
    if (typeof v === 'number' && !out.some((s) => s.value === String(v))) out.push({ value: String(v), detail, source });
  };
  add(oktaOf(schema)?.expected, 'Okta DPS expects', 'okta');
  if (Array.isArray(schema?.enum)) for (const v of schema!.enum as unknown[]) add(v, 'allowed value', 'enum');
  add(schema?.default, 'default', 'default');
  return out;
}

/** In the text of a value element: the values, replacing what is typed there (and closing the element when nothing does). */
function contentItems(
  doc: ProfileDocument,
  slot: ValueSlot,
  known: KnownValues,
  element: string,
  closed: boolean,
  replace: Span,
  uuid: () => string,
): CompletionItemSpec[] {
  const values =
    element === 'string' ? stringSuggestions(doc, slot, known, uuid) : element === 'integer' || element === 'real' ? numberSuggestions(slot.schema) : [];
  const close = closed ? '' : `</${element}>`;
  return values.map((v, i) => ({
    label: v.value,
    kind: v.source === 'variable' ? ('placeholder' as const) : ('value' as const),
    detail: v.detail,
    documentation: v.documentation,
    insertText: (v.snippet ?? (close ? escapeSnippet(escapeXml(v.value)) : escapeXml(v.value))) + close,
    snippet: !!v.snippet || !!close,
    replace,
    filterText: v.value,
    sortText: `${v.source === 'variable' ? 9 : 0}${String(i).padStart(3, '0')}`,
  }));
}

/** A string value as a whole element, where a value element goes. */
function wrapped(s: Suggestion, replace: Span, index: number): CompletionItemSpec {
  const label = `<string>${escapeXml(s.value)}</string>`;
  return {
    label,
    kind: 'value',
    detail: s.detail,
    documentation: s.documentation,
    insertText: s.snippet ? `<string>${s.snippet}</string>` : label,
    snippet: !!s.snippet,
    replace,
    sortText: `0${String(index).padStart(3, '0')}`,
  };
}
