// The typing simulation shared by the core test and the one through the real server: for each snippet and
// example profile, the places where a key or a value starts, the states a person passes through while typing
// it there, and what completion must offer in each.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { buildModel } from '../../server/src/core/model';
import type { PlistNode } from '../../server/src/core/plist/ast';
import { parsePlist } from '../../server/src/core/plist/parse';
import { getSchema, subSchemaAt, type JsonSchema } from '../../server/src/core/schema/registry';
import { MDM_VARIABLES, type CompletionItemSpec } from '../../server/src/core/features';
import { schemaPlaceOf } from '../../server/src/core/features/context';
import { DEFAULT_CLIENT_ID, DEFAULT_ORG, DEVICE_SIGN_PATH, NONCE_PATH, OKTA_APP_IDS, TOKEN_PATH } from '../../server/src/core/okta';
import { expandSnippet, root } from './helpers';

export interface Sample {
  name: string;
  text: string;
  /** The other profiles of its folder (its deployment), for the values the deployment already uses. */
  siblings: string[];
}

/** Every snippet expanded as VS Code would (fixed UUIDs, placeholders at their defaults), and every example profile. */
export function samples(): Sample[] {
  const snippets = JSON.parse(readFileSync(path.join(root, 'snippets', 'mobileconfig.json'), 'utf8')) as Record<string, { body: string[] }>;
  let n = 0;
  const out: Sample[] = Object.entries(snippets).map(([name, s]) => ({
    name: `snippet: ${name}`,
    text: expandSnippet(s.body.join('\n').replace(/\$UUID/g, () => `5C1B7A2E-0000-4000-8000-${String(++n).padStart(12, '0')}`)) + '\n',
    siblings: [],
  }));
  const walk = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((f) => {
        const p = path.join(dir, f);
        return statSync(p).isDirectory() ? walk(p) : f.endsWith('.mobileconfig') ? [p] : [];
      });
  for (const file of walk(path.join(root, 'examples'))) {
    const dir = path.dirname(file);
    const siblings = readdirSync(dir)
      .filter((f) => /\.(mobileconfig|plist)$/.test(f) && path.join(dir, f) !== file)
      .map((f) => readFileSync(path.join(dir, f), 'utf8'));
    out.push({ name: path.relative(root, file), text: readFileSync(file, 'utf8'), siblings });
  }
  return out;
}

/** One request of the simulation: the document text, the cursor, and what must be offered. */
export interface Probe {
  /** `key K`, `value <string>`, `content "…"`, with the state. */
  what: string;
  text: string;
  offset: number;
  /** What the person typed of the element on this line before the cursor (the item must replace exactly this). */
  typed: string;
  /** An offered item must have this label… */
  label?: string;
  /** …or, expanded, start with this text. */
  insertPrefix?: string;
}

export interface Site {
  kind: 'key' | 'element' | 'content';
  /** Shown in failures and the report. */
  describe: string;
  probes: Probe[];
  /** Not counted in the hit rate, with the reason (an unknown key, free text). */
  excluded?: string;
}

/** Strings whose value the file's context decides (the schema, the deployment, an MDM variable); others are free text. */
function predictable(value: string, key: string | undefined, schema: JsonSchema | undefined, before: string, elementKind: string): boolean {
  if (elementKind !== 'string') {
    const n = Number(value.trim());
    const okta = (schema?.okta as { expected?: unknown } | undefined)?.expected;
    return okta === n || schema?.default === n || (Array.isArray(schema?.enum) && (schema!.enum as unknown[]).includes(n));
  }
  if (key === 'PayloadType') return !!getSchema(value);
  const okta = (schema?.okta as { expected?: unknown } | undefined)?.expected;
  if (okta === value) return true;
  for (const list of [schema?.enum, schema?.examples]) if (Array.isArray(list) && list.includes(value)) return true;
  if (MDM_VARIABLES.some((v) => v.value === value)) return true;
  const seenBefore = (s: string) => s === DEFAULT_ORG || s === DEFAULT_CLIENT_ID || before.includes(s);
  const host = /^(?:https:\/\/|authsrv:)([a-z0-9.-]+)(\/.*)?$/i.exec(value);
  if (host && seenBefore(host[1])) {
    if (key === 'URLs') return [NONCE_PATH, TOKEN_PATH, DEVICE_SIGN_PATH].includes(host[2] ?? '');
    if (key === 'AssociatedDomains') return value.startsWith('authsrv:') && !host[2];
    if (key === 'OktaVerify.OrgUrl') return value.startsWith('https://') && !host[2];
  }
  if (key === 'OktaVerify.PasswordSyncClientID') return seenBefore(value);
  if (key === 'ApplicationIdentifier') return Object.values(OKTA_APP_IDS).includes(value as never);
  return false;
}

const lineStartOf = (text: string, at: number) => Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\r', at - 1)) + 1;

/**
 * The sites of a file, from its parse tree: every key, every value element,
 * and the text of every string / number. Each site has probes for the states
 * it passes through: with nothing after the cursor (typed top to bottom), with
 * the editor's auto-closed tag after it, and with the rest of the file after
 * it (typed in the middle of an existing file, the entry taken out first).
 */
export function sitesOf(text: string, siblings: readonly string[] = []): Site[] {
  const withoutComments = (s: string) => s.replace(/<!--[\s\S]*?(-->|$)/g, '');
  const elsewhere = siblings.map(withoutComments).join('\n');
  const parsed = parsePlist(text);
  const doc = buildModel(parsed.root, { documentId: 'sample' });
  const sites: Site[] = [];

  const schemaOfNode = (node: PlistNode): JsonSchema | undefined => {
    const place = schemaPlaceOf(doc, node);
    return place?.schema ? subSchemaAt(place.schema, place.path) : undefined;
  };

  const visit = (node: PlistNode, key: string | undefined, entryEnd: number) => {
    const start = node.span.start;
    const indentStart = lineStartOf(text, start);
    const before = text.slice(0, start);
    const schema = schemaOfNode(node);
    const schemaKind = (schema?.plistType as string | undefined) ?? (schema?.type === 'object' ? 'dict' : (schema?.type as string | undefined));
    const after = text.slice(entryEnd);
    const kind = node.kind === 'boolean' ? (node.value ? 'true' : 'false') : node.kind;
    // The value element.
    const head = kind === 'true' || kind === 'false' ? `<${kind}/>` : `<${kind}>`;
    const elementProbes: Probe[] = [];
    for (const typed of ['', '<', `<${kind.slice(0, 2)}`]) {
      elementProbes.push({ what: `${head} after "${typed}"`, text: before + typed, offset: start + typed.length, typed, insertPrefix: head });
      elementProbes.push({
        what: `${head} after "${typed}", in the middle`,
        text: before + typed + after,
        offset: start + typed.length,
        typed,
        insertPrefix: head,
      });
    }
    const wrongType = schemaKind && schemaKind !== node.kind ? `not the ${schemaKind} the schema asks for` : undefined;
    if (/^[ \t]*$/.test(text.slice(indentStart, start)))
      sites.push({ kind: 'element', describe: `${key ?? 'item'}: ${head}`, probes: elementProbes, excluded: wrongType });
    // The text of a scalar.
    if (node.kind === 'string' || node.kind === 'integer' || node.kind === 'real') {
      const value = node.kind === 'string' ? node.value : node.raw;
      const open = text.slice(node.openTag.start, node.openTag.end);
      const contentStart = node.content.start;
      const soFar = text.slice(0, node.openTag.end);
      const close = `</${node.kind}>`;
      const probes: Probe[] = [];
      for (const typed of ['', value.slice(0, 3)]) {
        if (typed && typed === value) continue;
        probes.push({ what: `"${value}" after "${open}${typed}"`, text: soFar + typed, offset: contentStart + typed.length, typed, label: value });
        probes.push({ what: `"${value}" in ${open}${typed}|${close}`, text: soFar + typed + close, offset: contentStart + typed.length, typed, label: value });
        probes.push({
          what: `"${value}" in ${open}${typed}|${close}, in the middle`,
          text: soFar + typed + close + after,
          offset: contentStart + typed.length,
          typed,
          label: value,
        });
      }
      const ok = value !== '' && !/[\r\n&<]/.test(value) && predictable(value, key, schema, withoutComments(before) + elsewhere, node.kind);
      sites.push({ kind: 'content', describe: `${key ?? 'item'} = "${value}"`, probes, excluded: ok ? undefined : 'free text' });
    }
    if (node.kind === 'dict') {
      for (const e of node.entries) {
        const end = e.value ? e.value.span.end : e.keySpan.end;
        const keyStart = e.keySpan.start;
        const keyBefore = text.slice(0, keyStart);
        const entryAfter = text.slice(end);
        const K = e.key;
        const known = schemaOfNode(node)?.properties as Record<string, JsonSchema> | undefined;
        const twice = node.entries.filter((x) => x.key === K).length > 1;
        const excluded =
          !known || !Object.prototype.hasOwnProperty.call(known, K) ? 'not a key of this place in the schema' : twice ? 'a duplicate key' : undefined;
        const probes: Probe[] = [];
        const two = K.slice(0, 2);
        const starts: [string, string][] = [
          ['', ''],
          ['<', ''],
          ['<ke', ''],
          [`<key>${two}`, ''],
          ['<key>', '</key>'],
          [`<key>${two}`, '</key>'],
        ];
        for (const [typed, closeTag] of starts) {
          const named = typed.startsWith('<key>') && closeTag ? typed.slice(5) : typed;
          const offset = keyStart + typed.length;
          probes.push({ what: `key ${K} at ${typed}|${closeTag}`, text: keyBefore + typed + closeTag, offset, typed: named, label: K });
          probes.push({
            what: `key ${K} at ${typed}|${closeTag}, in the middle`,
            text: keyBefore + typed + closeTag + entryAfter,
            offset,
            typed: named,
            label: K,
          });
        }
        sites.push({ kind: 'key', describe: `key ${K}`, probes, excluded });
        if (e.value) visit(e.value, K, end);
      }
    } else if (node.kind === 'array') {
      for (const item of node.items) visit(item, key, item.span.end);
    }
  };
  if (parsed.root) visit(parsed.root, undefined, parsed.root.span.end);
  return sites;
}

/** Invariants of every item, whatever the cursor: the range holds the cursor and stays on its line. */
export function checkRanges(probe: Probe, items: readonly CompletionItemSpec[]): string | undefined {
  for (const item of items) {
    const { start, end } = item.replace;
    if (!(start <= probe.offset && probe.offset <= end)) return `${item.label}: range ${start}-${end} does not hold the cursor ${probe.offset}`;
    if (/[\r\n]/.test(probe.text.slice(start, end))) return `${item.label}: range ${start}-${end} spans lines`;
  }
  return undefined;
}

/** Does the probe's expected item come, replacing exactly what was typed, and does the editor's filter keep it? */
export function judge(probe: Probe, items: readonly CompletionItemSpec[]): string | undefined {
  const bad = checkRanges(probe, items);
  if (bad) return bad;
  const found = items.filter((i) =>
    probe.label !== undefined ? i.label === probe.label : (i.snippet ? expandSnippet(i.insertText) : i.insertText).startsWith(probe.insertPrefix!),
  );
  if (!found.length)
    return `not offered (got ${items
      .slice(0, 8)
      .map((i) => i.label)
      .join(', ')}${items.length > 8 ? ', …' : ''})`;
  const ok = found.find((i) => {
    const typed = probe.text.slice(i.replace.start, probe.offset);
    return typed === probe.typed && (i.filterText ?? i.label).toLowerCase().startsWith(typed.toLowerCase());
  });
  if (!ok) return `offered, but replaces "${probe.text.slice(found[0].replace.start, probe.offset)}" instead of "${probe.typed}"`;
  return undefined;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
