import { getArray, getDict, getEntry, getString, type ContainerNode, type DictNode, type PlistNode, type StringNode } from './plist/ast';
import { OKTA_DEVICE_ACCESS_DOMAIN, OKTA_EXTENSION_DOMAIN, OKTA_SETTINGS_DOMAINS, OKTA_VERIFY_DOMAIN } from './okta/identifiers';

/**
 * The profile model: what a document is (a full profile, one payload, a bare
 * managed-preferences plist) and, for each payload, its type, identifier,
 * UUID, channel and the keys that name other payloads by UUID.
 */

export type DocumentKind = 'profile' | 'payload' | 'preferences' | 'unknown';
export type Channel = 'System' | 'User';

export const MCX_PAYLOAD_TYPE = 'com.apple.ManagedClient.preferences';

export interface PayloadReference {
  key: string;
  node: StringNode;
  keyPath: string;
}

export interface PayloadModel {
  dict: DictNode;
  /** Position in PayloadContent; -1 for a document that is a single payload. */
  index: number;
  keyPath: string;
  type: string | undefined;
  identifier: string | undefined;
  uuid: string | undefined;
  displayName: string | undefined;
  /** The profile's PayloadScope; macOS installs MDM profiles on the device channel when absent. */
  channel: Channel | undefined;
  references: PayloadReference[];
}

/** A dictionary of preference-domain settings, however it was delivered. */
export interface PreferenceSettings {
  domain: string;
  dict: DictNode;
  keyPath: string;
  via: 'custom-payload' | 'mcx' | 'bare';
  payload: PayloadModel | undefined;
}

export interface ProfileDocument {
  documentId: string;
  kind: DocumentKind;
  root: DictNode | undefined;
  /** The top-level profile dictionary (kind 'profile'). */
  profileDict: DictNode | undefined;
  payloads: PayloadModel[];
  preferences: PreferenceSettings[];
}

export interface ModelOptions {
  documentId: string;
  fileName?: string;
  /** Extra base file name → preference domain. */
  preferenceDomainFiles?: Readonly<Record<string, string>>;
}

export function buildModel(root: PlistNode | undefined, options: ModelOptions): ProfileDocument {
  const doc: ProfileDocument = {
    documentId: options.documentId,
    kind: 'unknown',
    root: root?.kind === 'dict' ? root : undefined,
    profileDict: undefined,
    payloads: [],
    preferences: [],
  };
  if (!root || root.kind !== 'dict') return doc;

  const fileDomain = domainFromFileName(options.fileName, options.preferenceDomainFiles);
  const type = getString(root, 'PayloadType');
  const hasContentArray = getEntry(root, 'PayloadContent')?.value?.kind === 'array';

  if (type === 'Configuration' || (type === undefined && hasContentArray)) {
    doc.kind = 'profile';
    doc.profileDict = root;
    const scope = getString(root, 'PayloadScope');
    // macOS reads PayloadScope without regard to case (`system` works; the schema check warns, DPS308).
    const lower = scope?.trim().toLowerCase();
    const channel: Channel | undefined = lower === 'system' ? 'System' : lower === 'user' ? 'User' : undefined;
    const content = getArray(root, 'PayloadContent');
    content?.items.forEach((item, index) => {
      if (item.kind !== 'dict') return;
      doc.payloads.push(payloadOf(item, index, `PayloadContent[${index}]`, channel));
    });
  } else if (fileDomain) {
    doc.kind = 'preferences';
    doc.preferences.push({ domain: fileDomain, dict: root, keyPath: '', via: 'bare', payload: undefined });
  } else if (type !== undefined) {
    doc.kind = 'payload';
    doc.payloads.push(payloadOf(root, -1, '', undefined));
  } else {
    const guessed = domainFromContent(root);
    if (guessed) {
      doc.kind = 'preferences';
      doc.preferences.push({ domain: guessed, dict: root, keyPath: '', via: 'bare', payload: undefined });
    }
  }

  for (const payload of doc.payloads) collectPreferences(payload, doc.preferences);
  return doc;
}

function payloadOf(dict: DictNode, index: number, keyPath: string, channel: Channel | undefined): PayloadModel {
  return {
    dict,
    index,
    keyPath,
    type: getString(dict, 'PayloadType'),
    identifier: getString(dict, 'PayloadIdentifier'),
    uuid: getString(dict, 'PayloadUUID'),
    displayName: getString(dict, 'PayloadDisplayName'),
    channel,
    references: collectReferences(dict, keyPath),
  };
}

/** Keys that name another payload of the same profile by its PayloadUUID. */
export const REFERENCE_KEYS = new Set([
  'PayloadCertificateUUID',
  'PayloadCertificateAnchorUUID',
  'IdentityCertificateUUID',
  'CertificateUUID',
  'SigningCertificateUUID',
  'EncryptionCertificateUUID',
  'SMIMESigningCertificateUUID',
  'SMIMEEncryptionCertificateUUID',
  'AccessKeyTerminalIdentityUUID',
  'AccessKeyReaderIssuerCertificateUUID',
]);

function collectReferences(dict: DictNode, keyPath: string): PayloadReference[] {
  const out: PayloadReference[] = [];
  // The keys down to the dictionary being read: a key path is written only for a reference (most payloads have none).
  const keys: string[] = [];
  const pathTo = (key: string) => joinKeyPath(keys.reduce(joinKeyPath, keyPath), key);
  const visit = (d: DictNode, depth: number) => {
    if (depth > 8) return;
    for (const e of d.entries) {
      const v = e.value;
      if (!v) continue;
      if (REFERENCE_KEYS.has(e.key)) {
        if (v.kind === 'string') out.push({ key: e.key, node: v, keyPath: pathTo(e.key) });
        else if (v.kind === 'array') v.items.forEach((it, i) => it.kind === 'string' && out.push({ key: e.key, node: it, keyPath: `${pathTo(e.key)}[${i}]` }));
      } else if (v.kind === 'dict') {
        keys.push(e.key);
        visit(v, depth + 1);
        keys.pop();
      }
    }
  };
  visit(dict, 0);
  return out;
}

function collectPreferences(payload: PayloadModel, out: PreferenceSettings[]) {
  if (!payload.type) return;
  if ((OKTA_SETTINGS_DOMAINS as readonly string[]).includes(payload.type)) {
    out.push({ domain: payload.type, dict: payload.dict, keyPath: payload.keyPath, via: 'custom-payload', payload });
    return;
  }
  if (payload.type !== MCX_PAYLOAD_TYPE) return;
  // com.apple.ManagedClient.preferences: PayloadContent → <domain> → Forced → [ { mcx_preference_settings } ]
  const domains = getDict(payload.dict, 'PayloadContent');
  if (!domains) return;
  for (const entry of domains.entries) {
    if (entry.value?.kind !== 'dict') continue;
    const domainPath = joinKeyPath(joinKeyPath(payload.keyPath, 'PayloadContent'), entry.key);
    for (const frequency of ['Forced', 'Set-Once', 'Often']) {
      const list = getArray(entry.value, frequency);
      list?.items.forEach((item, i) => {
        const settings = item.kind === 'dict' ? getDict(item, 'mcx_preference_settings') : undefined;
        if (!settings) return;
        out.push({
          domain: entry.key,
          dict: settings,
          keyPath: `${joinKeyPath(domainPath, frequency)}[${i}].mcx_preference_settings`,
          via: 'mcx',
          payload,
        });
      });
    }
  }
}

export function domainFromFileName(fileName: string | undefined, extra?: Readonly<Record<string, string>>): string | undefined {
  if (!fileName) return undefined;
  const base = fileName.replace(/^.*[\\/]/, '');
  if (extra && Object.prototype.hasOwnProperty.call(extra, base)) return extra[base];
  for (const d of OKTA_SETTINGS_DOMAINS) if (base === `${d}.plist`) return d;
  return undefined;
}

/** A bare plist of Okta Verify keys: the client ID and protocol version belong to the extension's domain. */
function domainFromContent(root: DictNode): string | undefined {
  const keys = root.entries.map((e) => e.key);
  // Okta's Device-Bound SSO setting: a plist holding only OktaJoinEnabled.
  if (keys.length > 0 && keys.every((k) => k === 'OktaJoinEnabled')) return OKTA_DEVICE_ACCESS_DOMAIN;
  if (!keys.some((k) => k.startsWith('OktaVerify.') || k === 'PlatformSSO.ProtocolVersion')) return undefined;
  return keys.includes('OktaVerify.PasswordSyncClientID') || keys.includes('PlatformSSO.ProtocolVersion') ? OKTA_EXTENSION_DOMAIN : OKTA_VERIFY_DOMAIN;
}

/** `a.b`, with keys that hold dots, brackets or spaces quoted: `PayloadContent[3]["OktaVerify.OrgUrl"]`. */
export function joinKeyPath(base: string, key: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key);
  if (!plain) return `${base}[${JSON.stringify(key)}]`;
  return base ? `${base}.${key}` : key;
}

/**
 * The key path of any node, found by walking up its parents. A tree is never changed once parsed, so the path of
 * each container is kept (WeakMap) and a node's path is its parent's plus one step: asking for every value of a
 * large profile stays linear, not one walk (and one search of a 10,000-item array) per value.
 */
export function keyPathOf(node: PlistNode): string {
  const parent = node.parent;
  if (!parent) return '';
  let base = containerPaths.get(parent);
  if (base === undefined) {
    base = keyPathOf(parent);
    containerPaths.set(parent, base);
  }
  const path = base + stepTo(parent, node);
  return path.startsWith('.') ? path.slice(1) : path;
}

const containerPaths = new WeakMap<ContainerNode, string>();

/** `[i]` into an array, `.Key` or `["Key.with.dots"]` into a dict. */
function stepTo(parent: ContainerNode, node: PlistNode): string {
  if (parent.kind === 'array') return `[${childIndex(parent, node)}]`;
  const i = childIndex(parent, node);
  return i >= 0 ? joinKeyPath('', parent.entries[i].key).replace(/^(?=[A-Za-z_])/, '.') : '.?';
}

/** Containers larger than this get an index of their children (built once) instead of a search per lookup. */
const INDEXED_FROM = 32;
const childIndexes = new WeakMap<ContainerNode, Map<PlistNode, number>>();

/** The position of the item, or of the first entry holding the value; -1 when it is not there. */
function childIndex(parent: ContainerNode, node: PlistNode): number {
  const n = parent.kind === 'array' ? parent.items.length : parent.entries.length;
  if (n < INDEXED_FROM) return parent.kind === 'array' ? parent.items.indexOf(node) : parent.entries.findIndex((e) => e.value === node);
  let index = childIndexes.get(parent);
  if (!index) {
    index = new Map();
    for (let i = n - 1; i >= 0; i--) {
      const child = parent.kind === 'array' ? parent.items[i] : parent.entries[i].value;
      if (child) index.set(child, i);
    }
    childIndexes.set(parent, index);
  }
  return index.get(node) ?? -1;
}
