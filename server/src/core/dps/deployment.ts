import { getArray, getDict, getEntry, getString, getValue, type DictNode, type PlistNode, type StringNode } from '../plist/ast';
import type { PayloadModel, PreferenceSettings, ProfileDocument } from '../model';
import { isPlaceholder } from '../placeholders';
import { getSchema } from '../schema/registry';
import { compareVersions, formatVersion, parseVersion, type Version } from '../version';
import { OKTA_EXTENSION_DOMAIN, OKTA_EXTENSION_ID, OKTA_VERIFY_DOMAIN, isOktaHost } from '../okta/identifiers';
import { keyMacOS } from '../okta/macos';
import { memoByString } from './memo';
import { withoutTrailingSlashes } from '../text';

/**
 * A DPS deployment seen as a whole: every profile of a folder (or of one CLI
 * invocation) and the Okta pieces found in them. Rules read these facts; they
 * judge only the Okta payloads, never another vendor's SSO extension or a SCEP
 * certificate that serves something else.
 */

export interface Located<T> {
  doc: ProfileDocument;
  item: T;
}

export type TargetSource = 'setting' | 'inferred' | 'default';

export interface Target {
  version: Version;
  source: TargetSource;
  /** Why the target was inferred ("PlatformSSO dictionary present"). */
  reason: string;
  /** PSSO protocol the target implies: 1.0 on macOS 13, 2.0 from 14. */
  psso: '1.0' | '2.0';
}

/**
 * Which Okta Platform SSO mode the deployment is in: Desktop Password Sync (AuthenticationMethod Password), or
 * Platform SSO with Secure Enclave keys (UserSecureEnclaveKey), which Okta supports as the alternative to DPS.
 * `undefined` when the Okta SSO payloads name no method (or disagree).
 */
export type OktaPssoMode = 'password-sync' | 'secure-enclave' | undefined;

/**
 * Whether the Device Access SCEP certificate must be among the checked files: `included` (the checked files are
 * the whole deployment: CLI `--deployment`, or the setting), `external` (delivered another way, such as Intune's
 * delegated SCEP or a Kandji/Iru SCEP library item), or undecided.
 */
export type DeviceAccessScepDelivery = 'included' | 'external' | undefined;

export interface DeploymentOptions {
  deviceAccessScep?: DeviceAccessScepDelivery;
  /** The documents are the whole deployment (CLI `--deployment`), whatever the setting says of the certificate. */
  wholeDeployment?: boolean;
}

export interface DpsDeployment {
  documents: ProfileDocument[];
  /** Extensible SSO payloads of the Okta extension. */
  oktaSso: Located<PayloadModel>[];
  /** Every Extensible SSO payload (for URL uniqueness across extensions). */
  allSso: Located<PayloadModel>[];
  associatedDomains: Located<PayloadModel>[];
  oktaSettings: Located<PreferenceSettings>[];
  scep: Located<PayloadModel>[];
  /** The SCEP payloads that are the Okta Device Access certificate (see isDeviceAccessScep); only these get DPS checks. */
  deviceAccessScep: Located<PayloadModel>[];
  /**
   * SCEP payloads on an Okta host (or named for Okta) in a user-scope profile: Okta's management-attestation
   * certificate, which is separate from the Device Access certificate and gets no Device Access checks.
   */
  attestationScep: Located<PayloadModel>[];
  /** Where the Device Access certificate comes from (see DeviceAccessScepDelivery). */
  deviceAccessScepDelivery: DeviceAccessScepDelivery;
  /** The documents are known to be the whole deployment (`--deployment`, or `deviceAccessScep` "included"). */
  wholeDeployment: boolean;
  /** Desktop Password Sync or Platform SSO with Secure Enclave keys (see OktaPssoMode). */
  mode: OktaPssoMode;
  /** The org host most of the deployment agrees on (primaryOrgHost), computed once. */
  orgHost: string | undefined;
  passcode: Located<PayloadModel>[];
  /** True when the deployment holds an Okta DPS piece (SSO payload or the DPS client ID). */
  isDps: boolean;
  /**
   * Platform SSO 1.0 (macOS 13) and 2.0 (macOS 14+) SSO configurations side by side. Without an explicit
   * target, the version-specific rules then stay quiet (which half is wrong is the admin's call) and DPS416 speaks.
   */
  mixedPsso: boolean;
  /**
   * With mixedPsso: the Platform SSO version each document's Okta configuration is for (an SSO payload with a
   * PlatformSSO dictionary is 2.0, one with only a top-level AuthenticationMethod 1.0, else the settings'
   * PlatformSSO.ProtocolVersion). Okta asks for separate configurations for macOS 13 and macOS 14+, scoped to
   * different Macs, so rules that compare documents (DPS405, DPS441) compare only those of one version. Documents
   * that say neither, or both, are absent.
   */
  pssoVersionOf: Map<ProfileDocument, '1.0' | '2.0'>;
  target: Target;
}

export { isPlaceholder } from '../placeholders';

/**
 * The Okta extension also serves Okta FastPass as a Credential extension
 * (Type Credential, Realm "Okta Device"); that payload is not part of DPS and
 * the DPS rules leave it alone. A DPS payload is Redirect, or carries URLs or
 * Platform SSO settings.
 */
export function isDpsSsoPayload(p: PayloadModel): boolean {
  if (getString(p.dict, 'ExtensionIdentifier')?.trim() !== OKTA_EXTENSION_ID) return false;
  const type = getString(p.dict, 'Type');
  // FastPass: a Credential payload (or one with a Realm) that has no PlatformSSO dictionary; its URLs are ignored.
  if (!getDict(p.dict, 'PlatformSSO') && (type?.trim() === 'Credential' || getEntry(p.dict, 'Realm') !== undefined)) return false;
  if (type === 'Redirect') return true;
  return getEntry(p.dict, 'URLs') !== undefined || getEntry(p.dict, 'PlatformSSO') !== undefined || getEntry(p.dict, 'AuthenticationMethod') !== undefined;
}

export function buildDeployment(documents: ProfileDocument[], targetSetting?: string, options: DeploymentOptions = {}): DpsDeployment {
  const d: DpsDeployment = {
    documents,
    oktaSso: [],
    allSso: [],
    associatedDomains: [],
    oktaSettings: [],
    scep: [],
    deviceAccessScep: [],
    attestationScep: [],
    deviceAccessScepDelivery: options.deviceAccessScep,
    wholeDeployment: options.wholeDeployment === true || options.deviceAccessScep === 'included',
    mode: undefined,
    orgHost: undefined,
    passcode: [],
    isDps: false,
    mixedPsso: false,
    pssoVersionOf: new Map(),
    target: { version: [14, 0, 0], source: 'default', reason: '', psso: '2.0' },
  };
  for (const doc of documents) {
    for (const p of doc.payloads) {
      switch (p.type) {
        case 'com.apple.extensiblesso':
          d.allSso.push({ doc, item: p });
          if (isDpsSsoPayload(p)) d.oktaSso.push({ doc, item: p });
          break;
        case 'com.apple.associated-domains':
          d.associatedDomains.push({ doc, item: p });
          break;
        case 'com.apple.security.scep':
          d.scep.push({ doc, item: p });
          break;
        case 'com.apple.mobiledevice.passwordpolicy':
          d.passcode.push({ doc, item: p });
          break;
      }
    }
    for (const pref of doc.preferences) {
      if (pref.domain === OKTA_VERIFY_DOMAIN || pref.domain === OKTA_EXTENSION_DOMAIN) d.oktaSettings.push({ doc, item: pref });
    }
  }
  d.isDps = d.oktaSso.length > 0 || d.oktaSettings.some((s) => getEntry(s.item.dict, 'OktaVerify.PasswordSyncClientID') !== undefined);
  d.orgHost = primaryOrgHost(d);
  const orgHost = d.orgHost;
  for (const s of d.scep) {
    if (!isDeviceAccessScep(s.item, orgHost, s.doc)) continue;
    // A user-scope SCEP payload on the Okta host is the management-attestation certificate, not Device Access.
    if (isUserScope(s.doc)) d.attestationScep.push(s);
    else d.deviceAccessScep.push(s);
  }
  d.mode = oktaMode(d);
  d.mixedPsso = mixesPssoVersions(d);
  if (d.mixedPsso) d.pssoVersionOf = pssoVersionsByDocument(d);
  d.target = resolveTarget(d, targetSetting);
  return d;
}

/**
 * The SCEP payload's own URL points at Okta (an Okta host, or the org host): evidence in the payload itself, unlike a
 * name that merely mentions Okta. Fixes that rewrite a SCEP payload or its profile's scope on the strength of the
 * deployment are safe (applied by --fix) only with this evidence: a Fleet conditional-access certificate named
 * "Okta …" beside an Okta example is not Okta's Device Access certificate.
 */
export function scepUrlIsOkta(p: PayloadModel, orgHost: string | undefined): boolean {
  const host = urlHost(getString(getDict(p.dict, 'PayloadContent'), 'URL') ?? '');
  return host !== undefined && host !== '' && (host === orgHost || isOktaHost(host));
}

/**
 * Two Okta SSO payloads of different Platform SSO versions (a macOS 13 profile beside a macOS 14+ one), or both
 * protocol versions in the Okta Verify settings. One SSO configuration with a stale ProtocolVersion is not a mix:
 * that is DPS413's mistake to report.
 */
/** PayloadScope User, in any case (macOS accepts `user`). */
export function isUserScope(doc: ProfileDocument): boolean {
  return getString(doc.profileDict, 'PayloadScope')?.trim().toLowerCase() === 'user';
}

/** The method an Okta SSO payload asks for: PlatformSSO.AuthenticationMethod, else the top-level one. */
export function authenticationMethodOf(p: PayloadModel): string | undefined {
  return (getString(getDict(p.dict, 'PlatformSSO'), 'AuthenticationMethod') ?? getString(p.dict, 'AuthenticationMethod'))?.trim();
}

function oktaMode(d: DpsDeployment): OktaPssoMode {
  const methods = new Set(d.oktaSso.map(({ item }) => authenticationMethodOf(item)).filter((m) => m === 'Password' || m === 'UserSecureEnclaveKey'));
  if (methods.size !== 1) return undefined;
  return methods.has('Password') ? 'password-sync' : 'secure-enclave';
}

function mixesPssoVersions(d: DpsDeployment): boolean {
  const sso1 = d.oktaSso.some(({ item }) => !getDict(item.dict, 'PlatformSSO') && getString(item.dict, 'AuthenticationMethod') !== undefined);
  const sso2 = d.oktaSso.some(({ item }) => getDict(item.dict, 'PlatformSSO') !== undefined);
  const versions = new Set(d.oktaSettings.map(({ item }) => getString(item.dict, 'PlatformSSO.ProtocolVersion')?.trim()));
  return (sso1 && sso2) || (versions.has('1.0') && versions.has('2.0'));
}

function pssoVersionsByDocument(d: DpsDeployment): Map<ProfileDocument, '1.0' | '2.0'> {
  const seen = new Map<ProfileDocument, Set<string>>();
  const add = (doc: ProfileDocument, v: string | undefined) => {
    if (v !== '1.0' && v !== '2.0') return;
    let set = seen.get(doc);
    if (!set) seen.set(doc, (set = new Set()));
    set.add(v);
  };
  for (const { doc, item } of d.oktaSso) {
    if (getDict(item.dict, 'PlatformSSO')) add(doc, '2.0');
    else if (getString(item.dict, 'AuthenticationMethod') !== undefined) add(doc, '1.0');
  }
  // The settings speak for a document only where no SSO payload of it has.
  const decided = new Set(seen.keys());
  for (const { doc, item } of d.oktaSettings) if (!decided.has(doc)) add(doc, getString(item.dict, 'PlatformSSO.ProtocolVersion')?.trim());
  const out = new Map<ProfileDocument, '1.0' | '2.0'>();
  for (const [doc, versions] of seen) if (versions.size === 1) out.set(doc, [...versions][0] as '1.0' | '2.0');
  return out;
}

/** Whether two documents can be on one Mac: not when they are the macOS 13 and macOS 14+ halves of a mixed deployment. */
export function mayMeetOnOneMac(d: DpsDeployment, a: ProfileDocument, b: ProfileDocument): boolean {
  const va = d.pssoVersionOf.get(a);
  const vb = d.pssoVersionOf.get(b);
  return va === undefined || vb === undefined || va === vb;
}

function resolveTarget(d: DpsDeployment, setting: string | undefined): Target {
  const explicit = parseVersion(setting);
  const floor = inferFloor(d);
  if (explicit) {
    return {
      version: explicit,
      source: 'setting',
      reason: `target macOS ${formatVersion(explicit)} from the setting`,
      psso: explicit[0] >= 14 ? '2.0' : '1.0',
    };
  }
  if (floor) return { ...floor, psso: floor.version[0] >= 14 ? '2.0' : '1.0' };
  return {
    version: [14, 0, 0],
    source: 'default',
    reason: 'no target macOS set and nothing in the profiles implies one; assuming macOS 14 (PSSO 2.0)',
    psso: '2.0',
  };
}

/** The lowest macOS the Okta payloads need: PSSO 2.0 implies 14, and each PlatformSSO key the macOS that introduced it. */
function inferFloor(d: DpsDeployment): { version: Version; source: 'inferred'; reason: string } | undefined {
  let best: { version: Version; reason: string } | undefined;
  const raise = (v: Version, reason: string) => {
    if (!best || compareVersions(v, best.version) > 0) best = { version: v, reason };
  };
  // Each PlatformSSO key's macOS is looked up once, however many payloads set it.
  const schema = getSchema('com.apple.extensiblesso');
  const introducedIn = memoByString((key) => (schema ? keyMacOS(schema, ['PlatformSSO', key]).introduced : undefined));
  for (const { item } of d.oktaSso) {
    const psso = getDict(item.dict, 'PlatformSSO');
    if (psso) {
      raise([14, 0, 0], 'the PlatformSSO dictionary (PSSO 2.0) implies macOS 14 or later');
      // Every key the schema dates raises the floor to the macOS that introduced it (policies 15, Setup Assistant 26, …).
      for (const entry of psso.entries) {
        if (!switchesOn(entry.value)) continue;
        const v = introducedIn(entry.key);
        if (v) raise(v, `PlatformSSO.${entry.key} was introduced in macOS ${formatVersion(v)}`);
      }
    } else if (getString(item.dict, 'AuthenticationMethod') !== undefined) {
      raise([13, 0, 0], 'the top-level AuthenticationMethod without a PlatformSSO dictionary (PSSO 1.0) implies macOS 13');
    }
  }
  for (const { item } of d.oktaSettings) {
    const pv = getString(item.dict, 'PlatformSSO.ProtocolVersion');
    if (pv === '2.0') raise([14, 0, 0], 'PlatformSSO.ProtocolVersion 2.0 implies macOS 14 or later');
  }
  if (!best) {
    for (const { item } of d.oktaSettings) {
      if (getString(item.dict, 'PlatformSSO.ProtocolVersion') === '1.0') raise([13, 0, 0], 'PlatformSSO.ProtocolVersion 1.0 implies macOS 13');
    }
  }
  return best ? { ...(best as { version: Version; reason: string }), source: 'inferred' } : undefined;
}

/**
 * Does this value turn something on? `false` (Apple's default for its booleans), an empty array, dict or string
 * changes nothing on the Mac, so such a key does not say which macOS the profile is for.
 */
export function switchesOn(v: PlistNode | undefined): boolean {
  if (!v) return false;
  if (v.kind === 'boolean') return v.value;
  if (v.kind === 'array') return v.items.length > 0;
  if (v.kind === 'dict') return v.entries.length > 0;
  if (v.kind === 'string') return v.value.trim() !== '';
  return true;
}

/** The host of an http(s) URL, lower-cased; undefined when it does not parse. */
export function urlHost(value: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]+)(?::\d+)?/i.exec(value.trim());
  return m ? m[1].toLowerCase() : undefined;
}

/** Host of an OrgUrl, which Okta accepts with or without a scheme. */
export function orgUrlHost(value: string): string | undefined {
  const v = value.trim();
  if (v === '' || isPlaceholder(v)) return undefined;
  return urlHost(v) ?? (/^[a-z0-9.-]+$/i.test(withoutTrailingSlashes(v)) ? withoutTrailingSlashes(v).toLowerCase() : undefined);
}

export function stringItems(node: PlistNode | undefined): StringNode[] {
  return node?.kind === 'array' ? node.items.filter((i): i is StringNode => i.kind === 'string') : [];
}

/**
 * What the rules read of a payload again and again (its SSO URLs, its authsrv: entries), found once per payload:
 * about ten rules ask for them, and a model never changes once built.
 */
interface PayloadReadings {
  ssoUrls?: readonly StringNode[];
  authsrv?: readonly AuthsrvEntry[];
}
const readings = new WeakMap<PayloadModel, PayloadReadings>();
function readingsOf(p: PayloadModel): PayloadReadings {
  let r = readings.get(p);
  if (!r) readings.set(p, (r = {}));
  return r;
}

export function ssoUrls(p: PayloadModel): readonly StringNode[] {
  const r = readingsOf(p);
  return (r.ssoUrls ??= stringItems(getValue(p.dict, 'URLs')));
}

export interface AuthsrvEntry {
  appId: string;
  entry: DictNode;
  node: StringNode;
}

/** `authsrv:` entries of the Okta app identifiers in an associated-domains payload. */
export function authsrvEntries(p: PayloadModel): readonly AuthsrvEntry[] {
  const r = readingsOf(p);
  return (r.authsrv ??= findAuthsrvEntries(p));
}

function findAuthsrvEntries(p: PayloadModel): AuthsrvEntry[] {
  const out: AuthsrvEntry[] = [];
  const config = getArray(p.dict, 'Configuration');
  for (const item of config?.items ?? []) {
    if (item.kind !== 'dict') continue;
    const appId = getString(item, 'ApplicationIdentifier')?.trim() ?? '';
    for (const node of stringItems(getValue(item, 'AssociatedDomains'))) {
      if (node.value.trim().toLowerCase().startsWith('authsrv:')) out.push({ appId, entry: item, node });
    }
  }
  return out;
}

/** The org host most of the deployment agrees on (SSO URLs first, then OrgUrl, then authsrv). */
export function primaryOrgHost(d: DpsDeployment): string | undefined {
  const votes: HostVote[] = [];
  // A large deployment repeats the same few values: each is read once.
  const variable = memoByString(isPlaceholder);
  const add = (host: string | undefined, weight: number) => host && !variable(host) && votes.push({ host, weight });
  const ssoHost = memoByString(urlHost);
  const authsrvHost = memoByString(bareAuthsrvHost);
  for (const { item } of d.oktaSso) for (const u of ssoUrls(item)) add(ssoHost(u.value), 3);
  for (const { item } of d.oktaSettings) {
    const v = getString(item.dict, 'OktaVerify.OrgUrl');
    if (v) add(orgUrlHost(v), 2);
  }
  for (const { item } of d.associatedDomains) for (const a of authsrvEntries(item)) add(authsrvHost(a.node.value), 1);
  return majorityHost(votes);
}

/** One place naming an org host, weighted by how much it counts (an SSO URL 3, OrgUrl 2, an authsrv: domain 1). */
export interface HostVote {
  host: string;
  weight: number;
}

/** The org-host vote: the host with the largest total weight; on a tie, the one named first. */
export function majorityHost(votes: readonly HostVote[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of votes) counts.set(v.host, (counts.get(v.host) ?? 0) + v.weight);
  let best: string | undefined;
  let n = 0;
  for (const [h, c] of counts) if (c > n) [best, n] = [h, c];
  return best;
}

/** An SSO URL as Apple matches it: scheme and host without case, the path as written. */
export function urlKey(url: string): string {
  const u = url.trim();
  // The rest is taken whole ([\s\S]*, never failing): `(.*)$` failed on a line break, after backtracking over every
  // split of the host (quadratic). A URL with a line break keeps its text as written, as before.
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)([\s\S]*)$/i.exec(u);
  return m && !/[\n\r\u2028\u2029]/.test(m[0]) ? m[1].toLowerCase() + withoutTrailingSlashes(m[2]) : u;
}

/** `authsrv:host[?mode=…]` → host; tolerant of a stray scheme or path (reported elsewhere). */
export function bareAuthsrvHost(value: string): string | undefined {
  const rest = value.trim().replace(/^authsrv:/i, '');
  const noScheme = rest.replace(/^[a-z]+:\/\//i, '');
  const host = noScheme.split(/[/?#:]/)[0].toLowerCase();
  return host || undefined;
}

/**
 * Is this SCEP payload the Okta Device Access certificate? Only those get the
 * Device Access checks: a SCEP payload that serves Wi-Fi, VPN or another CA is
 * none of DPS's business. Signs: the SCEP URL is on the org host or an Okta
 * host; else a name says Okta / Device Access: the payload's, an MDM variable
 * standing for the URL (Fleet's `$FLEET_VAR_CUSTOM_SCEP_PROXY_URL_OKTA`), or the
 * profile's when the profile is made for it (Fleet's "Okta Device Access SCEP
 * (Dynamic)" profile holds one payload, named just "SCEP"). A certificate that
 * another payload of its profile uses as its identity (a Wi-Fi, 802.1X or VPN
 * `PayloadCertificateUUID`) serves that payload, whatever its name says (its URL
 * on Okta still makes it Okta's).
 */
export function isDeviceAccessScep(p: PayloadModel, orgHost: string | undefined, doc?: ProfileDocument): boolean {
  if (p.type !== 'com.apple.security.scep') return false;
  if (scepUrlIsOkta(p, orgHost)) return true;
  if (doc && servesAnotherPayload(p, doc)) return false;
  const content = getDict(p.dict, 'PayloadContent');
  const url = getString(content, 'URL')?.trim();
  const names = [p.displayName, getString(p.dict, 'PayloadDescription'), getString(content, 'Name'), p.identifier];
  if (url && isPlaceholder(url)) names.push(url);
  if (doc && isCertificateProfileOf(doc, p)) {
    names.push(
      getString(doc.profileDict, 'PayloadDisplayName'),
      getString(doc.profileDict, 'PayloadDescription'),
      getString(doc.profileDict, 'PayloadIdentifier'),
    );
  }
  return /okta|device[ -]?access/i.test(names.filter(Boolean).join(' '));
}

/** The payload types that carry a certificate or an identity (Apple's certificate payloads). */
const CERTIFICATE_TYPES = new Set([
  'com.apple.security.scep',
  'com.apple.security.acme',
  'com.apple.security.pkcs1',
  'com.apple.security.pkcs12',
  'com.apple.security.pem',
  'com.apple.security.root',
]);

interface CertificateFacts {
  /** The profile holds nothing but certificate payloads, one of them SCEP: it is made for that certificate. */
  madeForOneScep: boolean;
  /** PayloadUUIDs (upper case) that some payload names as its identity certificate (trust anchors do not count). */
  identities: Set<string>;
}

/** Worked out once per document (a profile with thousands of SCEP payloads stays linear); models never change. */
const certificateFacts = new WeakMap<ProfileDocument, CertificateFacts>();

function certificateFactsOf(doc: ProfileDocument): CertificateFacts {
  let facts = certificateFacts.get(doc);
  if (facts) return facts;
  let sceps = 0;
  let onlyCertificates = true;
  const identities = new Set<string>();
  for (const q of doc.payloads) {
    if (q.type === 'com.apple.security.scep') sceps++;
    if (!q.type || !CERTIFICATE_TYPES.has(q.type)) onlyCertificates = false;
    for (const r of q.references) if (r.key !== 'PayloadCertificateAnchorUUID') identities.add(r.node.value.trim().toUpperCase());
  }
  facts = { madeForOneScep: doc.profileDict !== undefined && onlyCertificates && sceps === 1, identities };
  certificateFacts.set(doc, facts);
  return facts;
}

/**
 * A profile made for this certificate: it is the profile's only SCEP payload, and the others (if any) are
 * certificates too (a CA root, say). Its name is the certificate's; the name of an Okta DPS profile that also
 * carries a Wi-Fi certificate is not.
 */
function isCertificateProfileOf(doc: ProfileDocument, p: PayloadModel): boolean {
  return certificateFactsOf(doc).madeForOneScep && doc.payloads.includes(p);
}

/** Whether a payload of the profile names this one as its identity certificate (a SCEP payload names no other SCEP). */
function servesAnotherPayload(p: PayloadModel, doc: ProfileDocument): boolean {
  const uuid = p.uuid?.trim().toUpperCase();
  return uuid !== undefined && uuid !== '' && certificateFactsOf(doc).identities.has(uuid);
}
