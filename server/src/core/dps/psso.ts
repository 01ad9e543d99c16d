import { getEntry, getValue, type DictEntry, type DictNode, type PlistNode, type Span } from '../plist/ast';
import { OKTA_EXTENSION_DOMAIN } from '../okta/identifiers';
import type { DpsDeployment, Located, Target } from './deployment';
import type { PayloadModel, PreferenceSettings } from '../model';
import { formatVersion } from '../version';

/** Platform SSO facts of a deployment, shared by the Platform SSO rules (DPS41x/42x). */

export const POLICY_KEYS = ['FileVaultPolicy', 'LoginPolicy', 'UnlockPolicy'] as const;

/** "macOS 14.0 (from the setting)", "macOS 14.0, inferred because …": the target and where it came from. */
export function describeTarget(t: Target): string {
  const v = `macOS ${formatVersion(t.version)}`;
  if (t.source === 'setting') return `${v} (from the setting)`;
  if (t.source === 'inferred') return `${v}, inferred because ${t.reason}`;
  return `${v}, assumed because no target is set and nothing in the profiles implies one (set targetMacOS to decide)`;
}

/**
 * A requirement that depends on the target macOS is a warning while the target is only assumed (no setting, and
 * nothing in the profiles implies one): the profile may be meant for another macOS. Undefined keeps the default.
 */
export function targetSeverity(d: DpsDeployment): 'warning' | undefined {
  return d.target.source === 'default' ? 'warning' : undefined;
}

/**
 * Whether the checked files are known to be the whole deployment (CLI `--deployment`, or `deviceAccessScep`
 * "included"). Only then is a piece that none of them holds (the Okta settings, the associated domains, the
 * Device Access certificate) missing for certain: Okta and the MDM vendors document each piece as a profile of its
 * own (Jamf uploads the Okta settings as Application & Custom Settings), which may live outside the files checked.
 */
export function filesAreWholeDeployment(d: DpsDeployment): boolean {
  return d.wholeDeployment;
}

/** What a missing-piece warning adds while the files may not be the whole deployment. */
export const NOT_AMONG_THE_FILES_HINT =
  ' If it is in another profile, check that one together with this one (same folder, or --folder-context). If these files are the whole deployment, check them with --deployment (or set "deviceAccessScep": "included" in .dps-profiles.json; VS Code: dpsProfiles.deviceAccessScep), and this is an error.';

/**
 * A deployment that mixes PSSO 1.0 and 2.0 configuration has no trustworthy inferred target: judging the macOS 13
 * half by a target inferred from the 14+ half would "fix" a correct profile into the wrong version. Only an
 * explicit target settles it; otherwise DPS416 reports the mix and the version rules wait.
 */
function versionKnown(d: DpsDeployment): boolean {
  return !d.mixedPsso || d.target.source === 'setting';
}

/** PSSO 2.0 rules run for a DPS deployment that targets macOS 14 or later. */
export function targetsPsso2(d: DpsDeployment): boolean {
  return d.isDps && d.target.psso === '2.0' && versionKnown(d);
}

/** PSSO 1.0 rules run for a DPS deployment that targets macOS 13. */
export function targetsPsso1(d: DpsDeployment): boolean {
  return d.isDps && d.target.version[0] === 13 && versionKnown(d);
}

/** The PlatformSSO entry of an SSO payload when its value is a dict (other types are the schema's DPS303). */
export function pssoEntry(p: PayloadModel): (DictEntry & { value: DictNode }) | undefined {
  const e = getEntry(p.dict, 'PlatformSSO');
  return e?.value?.kind === 'dict' ? (e as DictEntry & { value: DictNode }) : undefined;
}

/** Where to point at an SSO payload as a whole: its ExtensionIdentifier key, else its opening tag. */
export function payloadAnchor(p: PayloadModel): Span {
  return getEntry(p.dict, 'ExtensionIdentifier')?.keySpan ?? p.dict.openTag;
}

export function isTrue(node: PlistNode | undefined): boolean {
  return node?.kind === 'boolean' && node.value;
}

/** Okta Verify extension settings (the domain Okta reads PlatformSSO.ProtocolVersion from). */
export function extensionSettings(d: DpsDeployment): Located<PreferenceSettings>[] {
  return d.oktaSettings.filter((s) => s.item.domain === OKTA_EXTENSION_DOMAIN);
}

export function protocolVersionOf(dict: DictNode): PlistNode | undefined {
  return getValue(dict, 'PlatformSSO.ProtocolVersion');
}

/** Does this PlatformSSO dictionary choose Secure Enclave keys (AuthenticationMethod UserSecureEnclaveKey)? */
export function usesSecureEnclave(psso: DictNode): boolean {
  const m = getEntry(psso, 'AuthenticationMethod')?.value;
  return m?.kind === 'string' && m.value.trim() === 'UserSecureEnclaveKey';
}
