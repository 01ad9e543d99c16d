import { bareAuthsrvHost, orgUrlHost, urlHost } from '../dps/deployment';
import { DEFAULT_CLIENT_ID, DEFAULT_ORG, DEVICE_SIGN_PATH, escapeSnippet, isTemplateOrg, isTemplateValue, NONCE_PATH, OKTA_APP_IDS, TOKEN_PATH } from '../okta';
import type { PlistNode } from '../plist/ast';
import { isPlaceholder } from '../placeholders';
import type { DpsDeployment } from '../dps/deployment';

/**
 * The values a deployment already uses (its org host, its DPS client ID) and
 * the values that follow from them for a key: the SSO URLs, the `authsrv:`
 * entries, the org URL. Completion offers these after the schema's own values.
 */

export interface KnownValues {
  orgHosts: string[];
  clientIds: string[];
}

/** A string value and the key it belongs to (an array item: the array's key). */
export interface KeyedValue {
  key: string | undefined;
  value: string;
}

/** The keys whose values `knownFrom` reads. */
const KNOWN_FROM_KEYS: ReadonlySet<string | undefined> = new Set(['URLs', 'OktaVerify.OrgUrl', 'AssociatedDomains', 'OktaVerify.PasswordSyncClientID']);

/** Collect org hosts and client IDs from keyed values; `into` keeps earlier ones first. */
export function knownFrom(values: Iterable<KeyedValue>, into: KnownValues = { orgHosts: [], clientIds: [] }): KnownValues {
  // Sets beside the lists: a deployment may hold tens of thousands of hosts (a search of the list per value was
  // quadratic, a minute for 40,000 authsrv: entries on every keystroke).
  const hosts = new Set(into.orgHosts);
  const clientIds = new Set(into.clientIds);
  const addHost = (h: string | undefined) => {
    if (h && !hosts.has(h) && !isPlaceholder(h) && /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(h)) {
      hosts.add(h);
      into.orgHosts.push(h);
    }
  };
  for (const { key, value } of values) {
    if (!KNOWN_FROM_KEYS.has(key)) continue;
    const v = value.trim();
    if (!v) continue;
    if (key === 'URLs' && (v.includes(NONCE_PATH) || v.includes(TOKEN_PATH))) addHost(urlHost(v));
    else if (key === 'OktaVerify.OrgUrl') addHost(orgUrlHost(v));
    else if (key === 'AssociatedDomains' && /^authsrv:/i.test(v)) addHost(bareAuthsrvHost(v));
    else if (key === 'OktaVerify.PasswordSyncClientID' && !isPlaceholder(v) && !clientIds.has(v)) {
      clientIds.add(v);
      into.clientIds.push(v);
    }
  }
  return into;
}

/** The strings of a tree `knownFrom` reads, once per tree: completion asks on every keystroke, over every member's tree. */
const knownStringsOfTree = new WeakMap<PlistNode, KeyedValue[]>();

/**
 * Every string in a tree with its key, for `knownFrom`; `onlyKnown` keeps only the keys `knownFrom` reads (same
 * result there) and remembers them per tree.
 */
export function keyedStrings(root: PlistNode | undefined, onlyKnown = false): KeyedValue[] {
  if (onlyKnown && root) {
    let kept = knownStringsOfTree.get(root);
    if (!kept) knownStringsOfTree.set(root, (kept = keyedStrings(root).filter((v) => KNOWN_FROM_KEYS.has(v.key))));
    return kept;
  }
  const out: KeyedValue[] = [];
  const visit = (node: PlistNode, key: string | undefined, depth: number) => {
    if (depth > 64) return;
    if (node.kind === 'string') out.push({ key, value: node.value });
    else if (node.kind === 'dict')
      for (const e of node.entries) {
        if (e.value) visit(e.value, e.key, depth + 1);
      }
    else if (node.kind === 'array') for (const item of node.items) visit(item, key, depth + 1);
  };
  if (root) visit(root, undefined, 0);
  return out;
}

/** The most org hosts offered for a value (the first found: the document's own, then its deployment's). */
const MAX_SUGGESTED_HOSTS = 20;

export interface SuggestedValue {
  /** The value as plain text. */
  value: string;
  /** Snippet text when a part is a placeholder to fill in (the template org). */
  snippet?: string;
  detail: string;
}

/** Values that follow from the deployment for a key (`URLs` item, `authsrv:` entry, org URL, client ID, app IDs). */
export function deploymentValuesFor(key: string | undefined, schemaId: string | undefined, known: KnownValues, already: readonly string[]): SuggestedValue[] {
  // A deployment has one org host, two or three with a custom domain; a list of thousands is no suggestion.
  const hosts = known.orgHosts.slice(0, MAX_SUGGESTED_HOSTS);
  const withHost = (make: (host: string) => string, detail: string): SuggestedValue[] => {
    if (hosts.length) return hosts.map((h) => ({ value: make(h), detail }));
    // No org host known yet: the template org, as a placeholder to overwrite.
    const marker = '\u0000';
    const shape = escapeSnippet(make(marker));
    return [{ value: make(DEFAULT_ORG), snippet: shape.replace(marker, `\${1:${DEFAULT_ORG}}`), detail: `${detail} (fill in your org)` }];
  };
  const out: SuggestedValue[] = [];
  if (key === 'URLs' && schemaId === 'com.apple.extensiblesso') {
    for (const path of [NONCE_PATH, TOKEN_PATH, DEVICE_SIGN_PATH]) out.push(...withHost((h) => `https://${h}${path}`, 'Okta SSO URL of the org'));
  } else if (key === 'AssociatedDomains') {
    out.push(...withHost((h) => `authsrv:${h}`, 'associated domain of the org'));
  } else if (key === 'OktaVerify.OrgUrl') {
    out.push(...withHost((h) => `https://${h}`, 'the org URL'));
  } else if (key === 'OktaVerify.PasswordSyncClientID') {
    for (const id of known.clientIds) out.push({ value: id, detail: 'client ID used in this deployment' });
    if (!known.clientIds.length) out.push({ value: DEFAULT_CLIENT_ID, snippet: `\${1:${DEFAULT_CLIENT_ID}}`, detail: 'the DPS app client ID (fill in)' });
  } else if (key === 'ApplicationIdentifier') {
    out.push({ value: OKTA_APP_IDS.extension, detail: 'Okta Verify SSO extension' }, { value: OKTA_APP_IDS.verify, detail: 'Okta Verify app (macOS 15+)' });
  }
  // Array items already written are not offered again.
  const written = new Set(already);
  return out.filter((s) => !written.has(s.value));
}

/**
 * The org hosts and client IDs the other documents of a deployment use (not
 * template values): the document being edited brings its own, from its text
 * as typed, so a value half-typed at the cursor is never offered back.
 */
export function knownDpsValues(deployment: DpsDeployment | undefined, exceptDocumentId?: string): KnownValues {
  const values = (deployment?.documents ?? []).filter((d) => d.documentId !== exceptDocumentId).flatMap((d) => keyedStrings(d.root, true));
  const known = knownFrom(values);
  return { orgHosts: known.orgHosts.filter((h) => !isTemplateOrg(h)), clientIds: known.clientIds.filter((id) => !isTemplateValue(id)) };
}
