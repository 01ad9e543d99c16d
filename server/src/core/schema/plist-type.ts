import { getEntry, type ContainerNode, type DictEntry, type DictNode, type PlistNode } from '../plist/ast';

/**
 * Runtime side of the `plistType` schema keyword. JSON cannot tell <integer> from <real>, nor
 * <date>/<data> from <string>, so the validators compiled at build time (validators.generated.js,
 * made by scripts/compile-validators.mjs) call `plistTypeMismatch` to look at the element itself:
 * the JSON container a value sits in → its plist node → the child element.
 */

export const PLIST_TYPES = ['string', 'integer', 'real', 'boolean', 'date', 'data', 'array', 'dict', 'any'] as const;
export type PlistTypeName = (typeof PLIST_TYPES)[number];

/**
 * JSON objects/arrays (from toJson) → the plist containers they were made from. A Map, not a WeakMap: it lives for
 * one validation and is dropped whole, and weak entries (ephemerons) cost the garbage collector far more.
 */
export type ContainerNodeMap = Map<object, ContainerNode>;

/** Set while one validation runs. */
let currentNodeOf: ContainerNodeMap | undefined;

/** Runs `validate` with `nodeOf` as the container → node map that `plistTypeMismatch` reads. */
export function withPlistNodes<T>(nodeOf: ContainerNodeMap, validate: () => T): T {
  currentNodeOf = nodeOf;
  try {
    return validate();
  } finally {
    currentNodeOf = undefined;
  }
}

/**
 * The element name (`<real>`) when the value at `parentData[property]` is not the expected plist type;
 * undefined when it matches or cannot be traced to an element (the root, or outside a validation).
 * Called by generated code: keep the name and signature in step with scripts/compile-validators.mjs.
 */
export function plistTypeMismatch(expected: string, parentData: unknown, property: string | number | undefined): string | undefined {
  if (expected === 'any' || parentData === undefined || parentData === null || !currentNodeOf) return undefined;
  // The JSON value alone settles the common cases without looking for the element: toJson makes booleans only of
  // <true/>/<false/>, arrays only of <array>, objects only of <dict>, numbers only of <integer> and <real>.
  if (property !== undefined && fitsWithoutElement(expected, (parentData as Record<string | number, unknown>)[property])) return undefined;
  const parent = currentNodeOf.get(parentData as object);
  const node = parent ? childOf(parent, property) : undefined;
  if (!node || plistTypeMatches(expected as PlistTypeName, node)) return undefined;
  return elementName(node);
}

function fitsWithoutElement(expected: string, value: unknown): boolean {
  switch (expected) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'dict':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'real':
      return typeof value === 'number'; // an <integer> is read as a number where a real is expected
    default:
      return false; // a string may be a <string>, <date> or <data>; a number an <integer> or a <real>
  }
}

function plistTypeMatches(expected: PlistTypeName, node: PlistNode): boolean {
  switch (expected) {
    case 'dict':
      return node.kind === 'dict';
    case 'real':
      return node.kind === 'real' || node.kind === 'integer'; // macOS reads an integer as a number where a real is expected
    case 'any':
      return true;
    default:
      return node.kind === expected;
  }
}

export function elementName(node: PlistNode): string {
  if (node.kind === 'boolean') return node.value ? '<true/>' : '<false/>';
  return `<${node.kind}>`;
}

function childOf(node: ContainerNode, prop: string | number | undefined): PlistNode | undefined {
  if (prop === undefined) return undefined;
  if (node.kind === 'array') return node.items[Number(prop)];
  return lastEntry(node, String(prop))?.value;
}

/** Dicts with more entries than this get a map of their keys (built once) instead of a search per lookup. */
const MAPPED_FROM = 16;

/** Last entry per key of a dict (the one macOS keeps); a map per large dict keeps error mapping linear. */
const entryMaps = new WeakMap<DictNode, Map<string, DictEntry>>();
export function lastEntry(dict: DictNode, key: string): DictEntry | undefined {
  if (dict.entries.length <= MAPPED_FROM) return getEntry(dict, key);
  let map = entryMaps.get(dict);
  if (!map) {
    map = new Map();
    for (const e of dict.entries) map.set(e.key, e);
    entryMaps.set(dict, map);
  }
  return map.get(key);
}
