import type { ArrayNode, DictEntry, DictNode, PlistNode, Span } from '../plist/ast';
import type { PayloadModel, ProfileDocument } from '../model';
import { getSchema, PROFILE_SCHEMA_ID, subSchemaAt, type JsonSchema } from '../schema/registry';

/**
 * Where a cursor offset falls in the plist tree, and which schema describes
 * that place. Shared by completion, hover and code actions: offsets in, tree
 * nodes and schema paths out.
 */

export type Location =
  /** Inside `<key>…</key>`: `onName` when the cursor is in the key's text. */
  | { kind: 'key'; dict: DictNode; entry: DictEntry; onName: boolean }
  /** Between the entries of a dict (where a new `<key>` can go). */
  | { kind: 'dict-body'; dict: DictNode }
  /** After a `<key>` whose value element is missing (where its value goes); for trees that keep such keys (the parser drops them, so completion also looks at the text). */
  | { kind: 'entry-value'; dict: DictNode; entry: DictEntry }
  /** Between the items of an array. */
  | { kind: 'array-body'; array: ArrayNode }
  /** In the text of a `<string>`. */
  | { kind: 'string-content'; node: PlistNode & { kind: 'string' } }
  /** On some other value element (a `<true/>`, an `<integer>`, an open tag). */
  | { kind: 'value'; node: PlistNode }
  | { kind: 'none' };

const inside = (span: Span, offset: number) => span.start < offset && offset < span.end;

/** The place at `offset` (a cursor between two characters) in the tree under `root`. */
export function locate(root: PlistNode | undefined, offset: number): Location {
  if (!root) return { kind: 'none' };
  if (!inside(root.span, offset)) return { kind: 'none' };
  let node: PlistNode = root;
  for (;;) {
    if (node.kind === 'dict') {
      const dict: DictNode = node;
      const onKey = dict.entries.find((e) => inside(e.keySpan, offset));
      if (onKey) return { kind: 'key', dict, entry: onKey, onName: onKey.keyNameSpan.start <= offset && offset <= onKey.keyNameSpan.end };
      const child = dict.entries.find((e) => e.value && inside(e.value.span, offset))?.value;
      if (child) {
        node = child;
        continue;
      }
      if (offset < dict.openTag.end || offset > dict.content.end) return { kind: 'value', node: dict };
      // The entry just before the cursor decides: a key still waiting for its value wants a value here.
      let before: DictEntry | undefined;
      for (const e of dict.entries) if (e.keySpan.end <= offset) before = e;
      if (before && (!before.value || before.value.span.start >= offset)) {
        return before.value ? { kind: 'none' } : { kind: 'entry-value', dict, entry: before };
      }
      return { kind: 'dict-body', dict };
    }
    if (node.kind === 'array') {
      const array: ArrayNode = node;
      const child = array.items.find((i) => inside(i.span, offset));
      if (child) {
        node = child;
        continue;
      }
      if (offset < array.openTag.end || offset > array.content.end) return { kind: 'value', node: array };
      return { kind: 'array-body', array };
    }
    if (node.kind === 'string' && node.content.start <= offset && offset <= node.content.end && node.span.end > node.openTag.end) {
      return { kind: 'string-content', node };
    }
    return { kind: 'value', node };
  }
}

/** The dictionary entry whose value is `node`, if its parent is a dict. */
export function entryOf(node: PlistNode): DictEntry | undefined {
  const parent = node.parent;
  if (parent?.kind !== 'dict') return undefined;
  return parent.entries.find((e) => e.value === node);
}

export interface SchemaPlace {
  /** Payload type or preference domain whose schema applies; undefined for a payload of unknown type. */
  schemaId: string | undefined;
  schema: JsonSchema | undefined;
  /** From the schema's root dictionary down to the node. */
  path: (string | number)[];
  /** The payload the node belongs to, if any. */
  payload: PayloadModel | undefined;
}

/**
 * Which schema describes `node`: walk up to the nearest dictionary that a
 * schema is rooted at (a payload, a preference-settings dict, the profile)
 * and collect the path on the way.
 */
export function schemaPlaceOf(doc: ProfileDocument, node: PlistNode): SchemaPlace | undefined {
  const roots = new Map<DictNode, { schemaId: string | undefined; payload: PayloadModel | undefined }>();
  if (doc.profileDict) roots.set(doc.profileDict, { schemaId: PROFILE_SCHEMA_ID, payload: undefined });
  for (const p of doc.payloads) roots.set(p.dict, { schemaId: p.type, payload: p });
  // Preference dicts (bare, custom payload or MCX) win over the payload that carries them.
  for (const pref of doc.preferences) roots.set(pref.dict, { schemaId: pref.domain, payload: pref.payload });
  // A new file with nothing telling what it is yet: treat the root as a profile.
  if (doc.kind === 'unknown' && doc.root) roots.set(doc.root, { schemaId: PROFILE_SCHEMA_ID, payload: undefined });

  const path: (string | number)[] = [];
  let cur: PlistNode | undefined = node;
  while (cur) {
    if (cur.kind === 'dict') {
      const root = roots.get(cur);
      if (root) {
        path.reverse();
        const schema = root.schemaId ? getSchema(root.schemaId) : undefined;
        return { schemaId: root.schemaId, schema, path, payload: root.payload };
      }
    }
    const parent: DictNode | ArrayNode | undefined = cur.parent;
    if (!parent) return undefined;
    if (parent.kind === 'array') path.push(parent.items.indexOf(cur));
    else {
      const entry = parent.entries.find((e) => e.value === cur);
      if (!entry) return undefined;
      path.push(entry.key);
    }
    cur = parent;
  }
  return undefined;
}

/** Payload keys every payload has, for a payload dict whose type is not known (yet). */
export function commonPayloadProperties(): Record<string, JsonSchema> {
  const sample = getSchema('com.apple.extensiblesso')?.properties as Record<string, JsonSchema> | undefined;
  const out: Record<string, JsonSchema> = {};
  for (const [k, v] of Object.entries(sample ?? {})) if (k.startsWith('Payload')) out[k] = v;
  return out;
}

/** The sub-schema at a place, with a payload of unknown type described by the common payload keys. */
export function subSchemaOf(place: SchemaPlace): JsonSchema | undefined {
  if (place.schema) return subSchemaAt(place.schema, place.path);
  if (place.path.length === 0) return { type: 'object', properties: commonPayloadProperties() };
  return undefined;
}

/** The schema of a dictionary entry's value (the key's own description). */
export function keySchemaOf(doc: ProfileDocument, dict: DictNode, key: string): { place: SchemaPlace; schema: JsonSchema | undefined } | undefined {
  const place = schemaPlaceOf(doc, dict);
  if (!place) return undefined;
  const parent = subSchemaOf(place);
  const props: Record<string, JsonSchema> | undefined = parent?.properties;
  if (props && Object.prototype.hasOwnProperty.call(props, key)) return { place, schema: props[key] };
  const child = { ...place, path: [...place.path, key] };
  return { place, schema: place.schema ? subSchemaAt(place.schema, child.path) : undefined };
}
