import type { ErrorObject } from 'ajv';
import type { ArrayNode, DictEntry, DictNode, PlistNode, Span } from '../plist/ast';
import { toJson } from '../plist/json';
import { joinKeyPath } from '../model';
import { valueSpan } from '../dps/locate';
import type { ProblemInput } from '../problem';
import { getSchema, type JsonSchema } from './registry';
import { vendorKeyMistake } from './vendor-keys';
import { isPlaceholder } from '../placeholders';
import { renameKey, replaceValue } from '../edit';
import type { Fix } from '../problem';
import { elementName, lastEntry, withPlistNodes, type ContainerNodeMap } from './plist-type';
import { validatorsBySchemaId } from './validators.generated';

export { elementName };

/**
 * Schema validation, and the one place that turns ajv errors into problems on
 * the most precise node: missing key → the parent's <key> (or the opening
 * <dict>), unknown key → that <key>, wrong type / value / range → the value.
 *
 * The validators are ajv standalone code compiled at build time by scripts/compile-validators.mjs
 * (validators.generated.js): no ajv.compile and no ajv library at run time. Their `plistType`
 * keyword calls plistTypeMismatch (plist-type.ts) to tell <integer> from <real> and the like.
 */

const OWNED_BY_STRUCTURE = new Set(['PayloadVersion', 'PayloadUUID', 'PayloadType', 'PayloadIdentifier', 'PayloadContent']);

/** Walk a JSON pointer down the plist tree; returns the node and the dict entry that holds it. */
function resolvePointer(root: DictNode, pointer: string): { node: PlistNode | undefined; keySpan?: Span; keyPath: string[] } {
  const segments =
    pointer === ''
      ? []
      : pointer
          .slice(1)
          .split('/')
          .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: PlistNode | undefined = root;
  let keySpan: Span | undefined;
  const keyPath: string[] = [];
  for (const seg of segments) {
    if (!node) break;
    if (node.kind === 'dict') {
      const entry: DictEntry | undefined = lastEntry(node, seg);
      keySpan = entry?.keySpan;
      node = entry?.value;
      keyPath.push(seg);
    } else if (node.kind === 'array') {
      node = node.items[Number(seg)];
      keySpan = undefined;
      keyPath.push(`[${seg}]`);
    } else node = undefined;
  }
  return { node, keySpan, keyPath };
}

function pathString(base: string, parts: string[]): string {
  let out = base;
  for (const p of parts) out = p.startsWith('[') ? `${out}${p}` : joinKeyPath(out, p);
  return out;
}

function describe(schema: JsonSchema | undefined): string {
  const t = schema?.plistType as string | undefined;
  switch (t) {
    case 'boolean':
      return 'a boolean (<true/> or <false/>)';
    case 'dict':
      return 'a dictionary (<dict>)';
    case undefined:
    case 'any':
      return 'another type';
    default:
      return `<${t}>`;
  }
}

function schemaAt(schema: JsonSchema, schemaPath: string): JsonSchema | undefined {
  // schemaPath like "#/properties/PlatformSSO/properties/UseSharedDeviceKeys/type"
  const parts = schemaPath
    .replace(/^#\/?/, '')
    .split('/')
    .slice(0, -1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let cur: unknown = schema;
  for (const p of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur as JsonSchema | undefined;
}

export interface ValidateTarget {
  /** The dictionary to validate (a payload, or a preference-settings dict). */
  dict: DictNode;
  /** Schema id: a PayloadType or a preference domain. */
  schemaId: string;
  keyPath: string;
  /** Shown in messages: "com.apple.extensiblesso", "the com.okta.mobile domain". */
  label: string;
  /**
   * A key whose array items are validated as targets of their own (a profile's PayloadContent). When this schema
   * checks those items only for being dictionaries, each is given to the validator as an empty object: the errors
   * are the same, and a profile is not copied to JSON twice (whole, then payload by payload).
   */
  itemsApart?: string;
}

/** Validate one dictionary against its schema; no schema → nothing to say. */
export function validateDict(target: ValidateTarget): ProblemInput[] {
  // Own properties only: a PayloadType named __proto__ or hasOwnProperty has no schema.
  const validate = Object.prototype.hasOwnProperty.call(validatorsBySchemaId, target.schemaId) ? validatorsBySchemaId[target.schemaId] : undefined;
  if (!validate) return [];
  const schema = getSchema(target.schemaId)!;
  const nodeOf: ContainerNodeMap = new Map();
  const data =
    target.itemsApart !== undefined && onlyTypeOfItems(schema, target.itemsApart)
      ? jsonWithEmptyItems(target.dict, target.itemsApart, nodeOf)
      : toJson(target.dict, nodeOf);
  withPlistNodes(nodeOf, () => validate(data));
  const errors = validate.errors ?? [];
  return mapErrors(errors, target, schema);
}

/**
 * Compile every validator now, each run once on an empty object. V8 compiles a function on its first call, and a code
 * cache holds only what is compiled: the CLI's launcher has this done before it writes the cache of a long run, so a
 * cache first written by a run over a few payload types serves every later one (the validators are over a third of
 * the bundle; compiling them as a check goes measured ~20 ms on the corpus).
 */
export function compileAllValidators(): void {
  for (const validate of Object.values(validatorsBySchemaId)) validate?.({});
}

/** Keywords of an items schema that look at an item only as a whole (its type), never inside it. */
const ITEM_TYPE_KEYWORDS = new Set(['type', 'plistType', 'description', 'title']);

/** Whether the schema of `key`'s array items only says they are dictionaries. */
function onlyTypeOfItems(schema: JsonSchema, key: string): boolean {
  const items = (schema.properties as Record<string, JsonSchema> | undefined)?.[key]?.items as JsonSchema | undefined;
  return items !== undefined && Object.keys(items).every((k) => ITEM_TYPE_KEYWORDS.has(k)) && items.type === 'object' && items.plistType === 'dict';
}

/** `toJson` of the dictionary, except that the dictionaries in the array under `key` become empty objects (mapped to their nodes). */
function jsonWithEmptyItems(dict: DictNode, key: string, nodeOf: ContainerNodeMap): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (const e of dict.entries) {
    if (!e.value) continue;
    const value = e.key === key && e.value.kind === 'array' ? emptyDictItems(e.value, nodeOf) : toJson(e.value, nodeOf);
    // As in toJson: a duplicate key keeps its place and takes the last value; `__proto__` is data, not the prototype.
    if (e.key === '__proto__') Object.defineProperty(obj, e.key, { value, enumerable: true, writable: true, configurable: true });
    else obj[e.key] = value;
  }
  nodeOf.set(obj, dict);
  return obj;
}

function emptyDictItems(array: ArrayNode, nodeOf: ContainerNodeMap): unknown[] {
  const out = array.items.map((item) => {
    if (item.kind !== 'dict') return toJson(item, nodeOf);
    const empty = {};
    nodeOf.set(empty, item);
    return empty;
  });
  nodeOf.set(out, array);
  return out;
}

function mapErrors(errors: ErrorObject[], target: ValidateTarget, schema: JsonSchema): ProblemInput[] {
  const out: ProblemInput[] = [];
  // A value with a wrong JSON type also fails plistType; report it once.
  const typeAt = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const seen = new Set<string>();
  for (const err of errors) {
    if (err.keyword === 'plistType' && typeAt.has(err.instancePath)) continue;
    if (err.keyword === 'anyOf' || err.keyword === 'oneOf' || err.keyword === 'if') continue; // their branches speak
    const { node, keySpan, keyPath } = resolvePointer(target.dict, err.instancePath);
    if (!node) continue;
    // A number the parser could not read is already reported as a syntax problem.
    if ((node.kind === 'integer' || node.kind === 'real') && Number.isNaN(node.value)) continue;
    // The structure checks own PayloadVersion / PayloadUUID values (DPS202, DPS205).
    if (keyPath.length === 1 && OWNED_BY_STRUCTURE.has(keyPath[0]) && err.keyword !== 'type' && err.keyword !== 'plistType') continue;
    if (err.keyword === 'required' && keyPath.length === 0 && OWNED_BY_STRUCTURE.has(String(err.params.missingProperty))) continue;
    // Apple's SCEP text: each SubjectAltName key may hold a single string or an array of strings.
    if (
      (err.keyword === 'type' || err.keyword === 'plistType') &&
      target.schemaId === 'com.apple.security.scep' &&
      keyPath.length === 3 &&
      keyPath[1] === 'SubjectAltName' &&
      node.kind === 'array' &&
      node.items.every((i) => i.kind === 'string')
    )
      continue;
    const path = pathString(target.keyPath, keyPath);
    const where = keyPath.length ? path.slice(target.keyPath.length).replace(/^\./, '') : '';
    const name = where || target.label;
    const sub = schemaAt(schema, err.schemaPath);
    let problem: ProblemInput | undefined;
    switch (err.keyword) {
      case 'required': {
        const missing = String(err.params.missingProperty);
        const span = keySpan ?? (node.kind === 'dict' ? node.openTag : node.span);
        problem = {
          code: 'DPS301',
          message: `${where ? `"${where}"` : target.label} is missing the required key "${missing}".`,
          span,
          keyPath: pathString(path, [missing]),
          data: { missingKey: missing, parentKeyPath: path },
        };
        break;
      }
      case 'additionalProperties': {
        const extra = String(err.params.additionalProperty);
        const entry = node.kind === 'dict' ? lastEntry(node, extra) : undefined;
        const known = Object.keys((sub?.properties as Record<string, unknown> | undefined) ?? {});
        const mistake = vendorKeyMistake(target.schemaId, keyPath.join('.'), extra);
        if (mistake && entry) {
          problem = vendorKeyProblem(
            mistake,
            entry,
            pathString(path, [extra]),
            (sub?.properties as Record<string, JsonSchema> | undefined)?.[mistake.appleKey],
          );
          break;
        }
        const suggestion = closest(extra, known);
        problem = {
          code: 'DPS302',
          message: `"${extra}" is not a key of ${where ? `"${where}"` : target.label}; the device ignores it.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
          span: entry?.keySpan ?? node.openTag,
          keyPath: pathString(path, [extra]),
          data: { key: extra, ...(suggestion ? { suggestion } : {}) },
          fixes: suggestion && entry ? [{ title: `Rename to ${suggestion}`, edits: [renameKey(entry, suggestion)], preferred: true }] : undefined,
        };
        break;
      }
      case 'type':
      case 'plistType': {
        const expected = err.keyword === 'plistType' ? (err.params.expected as string) : (sub?.plistType as string | undefined);
        if (node.kind === 'string' && isPlaceholder(node.value)) {
          problem = {
            code: 'DPS480',
            message: `"${name}" holds the MDM variable "${node.value}" where ${describe({ plistType: expected })} is expected. Most MDMs substitute variables as text, so the Mac receives a <string>; make sure yours delivers ${describe({ plistType: expected })}.`,
            span: node.span,
            keyPath: path,
            data: { expected, placeholder: node.value },
          };
          break;
        }
        problem = {
          code: 'DPS303',
          message: `"${name}" must be ${describe({ plistType: expected })}, not ${elementName(node)}.`,
          span: node.span,
          keyPath: path,
          data: { expected, actual: node.kind },
          fixes: typeConversion(node, expected),
        };
        break;
      }
      case 'enum':
      case 'const': {
        if (node.kind === 'string' && isPlaceholder(node.value)) continue;
        const caseOnly =
          node.kind === 'string' && keyPath[keyPath.length - 1] === 'PayloadScope'
            ? ((err.params.allowedValues as unknown[] | undefined)?.find(
                (v) => typeof v === 'string' && v.toLowerCase() === node.value.trim().toLowerCase(),
              ) as string | undefined)
            : undefined;
        if (caseOnly !== undefined && node.kind === 'string') {
          // macOS reads PayloadScope without regard to case; Apple's documented spelling is still the safe one.
          problem = {
            code: 'DPS308',
            message: `"${name}" is "${node.value}"; macOS accepts it in any case, but Apple documents "${caseOnly}" and some MDM servers compare it exactly.`,
            span: valueSpan(node),
            keyPath: path,
            data: { expected: caseOnly },
            fixes: [{ title: `Change to ${caseOnly}`, edits: [replaceValue(node, { kind: 'string', value: caseOnly })], preferred: true, safe: true }],
          };
          break;
        }
        const allowed = (err.keyword === 'enum' ? (err.params.allowedValues as unknown[]) : [err.params.allowedValue]).map((v) => JSON.stringify(v));
        problem = {
          code: 'DPS304',
          message: `"${name}" must be ${allowed.length === 1 ? allowed[0] : `one of ${allowed.join(', ')}`}; found ${valueText(node)}.`,
          span: valueSpan(node),
          keyPath: path,
          data: { allowed: err.keyword === 'enum' ? err.params.allowedValues : [err.params.allowedValue] },
        };
        break;
      }
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        const cmp = { minimum: 'at least', maximum: 'at most', exclusiveMinimum: 'more than', exclusiveMaximum: 'less than' }[err.keyword];
        problem = {
          code: 'DPS305',
          message: `"${name}" must be ${cmp} ${String(err.params.limit)}; found ${valueText(node)}.`,
          span: valueSpan(node),
          keyPath: path,
          data: { limit: err.params.limit, comparison: err.keyword },
        };
        break;
      }
      case 'pattern':
      case 'format': {
        if (node.kind === 'string' && isPlaceholder(node.value)) continue;
        problem = {
          code: 'DPS306',
          message: `"${name}" does not have the required form${sub?.description ? ` (${String(sub.description).replace(/\.$/, '')})` : ''}; found ${valueText(node)}.`,
          span: valueSpan(node),
          keyPath: path,
          data: { pattern: err.params.pattern },
        };
        break;
      }
      default: {
        problem = {
          code: 'DPS307',
          message: `"${name}" breaks the ${err.keyword} rule of the schema (${JSON.stringify(err.params)}).`,
          span: node.kind === 'dict' || node.kind === 'array' ? (keySpan ?? node.openTag) : node.span,
          keyPath: path,
          data: { keyword: err.keyword, params: err.params },
        };
      }
    }
    const dedupe = `${problem.code}:${problem.span.start}:${problem.keyPath ?? ''}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    out.push(problem);
  }
  return out;
}

function valueText(node: PlistNode): string {
  switch (node.kind) {
    case 'dict':
    case 'array':
      return `a <${node.kind}>`;
    case 'string':
      return JSON.stringify(node.value.length > 60 ? node.value.slice(0, 59) + '…' : node.value);
    case 'integer':
    case 'real':
      return node.raw;
    default:
      return String(node.value);
  }
}

/** The closest known key by edit distance (case-insensitive), when it is close enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(word.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return 99;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

function vendorKeyProblem(m: import('./vendor-keys').VendorKeyMistake, entry: DictEntry, keyPath: string, appleSchema: JsonSchema | undefined): ProblemInput {
  const v = entry.value;
  // A value that means Apple's default for the real key (false where Apple's key defaults to false, or a
  // switch that only carries over when true) changes nothing on the Mac either way: a warning, not an error.
  const meansDefault = v?.kind === 'boolean' && (m.appleValue ? v.value !== (m.whenTrue ?? true) : appleSchema?.default === v.value);
  const edits = [renameKey(entry, m.appleKey)];
  let carry = true;
  if (m.appleValue) {
    if (v && v.kind === 'boolean' && v.value === (m.whenTrue ?? true)) edits.push(replaceValue(v, m.appleValue));
    else carry = false;
  }
  const target = m.appleValue ? `${m.appleKey} = "${m.appleValue.value}"` : m.appleKey;
  return {
    code: 'DPS470',
    severity: meansDefault ? 'warning' : undefined,
    message: meansDefault
      ? `"${m.key}" is not an Apple key (it comes from a vendor template) and macOS ignores it; its value is Apple's default for ${m.appleKey}, so nothing changes on the Mac, but use Apple's setting (${target}) if you mean it.`
      : `"${m.key}" is not an Apple key (it comes from a vendor template) and macOS ignores it; Apple's setting is ${target}.`,
    span: entry.keySpan,
    keyPath,
    data: { key: m.key, appleKey: m.appleKey, source: m.source },
    fixes: carry ? [{ title: `Replace with ${target}`, edits, preferred: true, safe: true }] : undefined,
  };
}

/** `<integer>1</integer>` → `<true/>` and the like, only where the meaning is unambiguous. */
function typeConversion(node: PlistNode, expected: string | undefined): Fix[] | undefined {
  let to: Parameters<typeof replaceValue>[1] | undefined;
  if (expected === 'boolean') {
    if (node.kind === 'integer' && (node.value === 0 || node.value === 1)) to = { kind: 'boolean', value: node.value === 1 };
    if (node.kind === 'string' && /^(true|false|yes|no)$/i.test(node.value.trim())) to = { kind: 'boolean', value: /^(true|yes)$/i.test(node.value.trim()) };
  } else if (expected === 'integer') {
    if (node.kind === 'string' && /^[+-]?\d+$/.test(node.value.trim())) to = { kind: 'integer', value: Number(node.value.trim()) };
    if (node.kind === 'real' && Number.isInteger(node.value)) to = { kind: 'integer', value: node.value };
  } else if (expected === 'string') {
    if (node.kind === 'integer' || node.kind === 'real') to = { kind: 'string', value: node.raw };
    if (node.kind === 'boolean') to = { kind: 'string', value: String(node.value) };
  }
  if (!to) return undefined;
  const shown = to.kind === 'boolean' ? (to.value ? '<true/>' : '<false/>') : to.kind === 'raw' ? to.xml : `<${to.kind}>${String(to.value)}</${to.kind}>`;
  return [{ title: `Change to ${shown}`, edits: [replaceValue(node, to)], preferred: true, safe: true }];
}
