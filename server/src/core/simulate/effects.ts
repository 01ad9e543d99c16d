import type { RuleCode } from '../codes';
import type { Problem } from '../problem';

/**
 * Where each problem the checker finds bites on a real Mac. The preview never
 * re-derives a rule: it reads the problems' codes and places each at the step
 * of the registration flow that it breaks, in plain language.
 */

export type FlowStepId =
  | 'okta-verify-config'
  | 'scep-certificate'
  | 'setup-assistant'
  | 'registration-notification'
  | 'local-password'
  | 'okta-sign-in'
  | 'touch-id'
  | 'registration'
  | 'password-replaced'
  | 'password-policy'
  | 'sync-unlock'
  | 'sync-login-window'
  | 'sync-filevault'
  | 'second-account';

/** `install` means the install step of the payload the problem sits in. */
export type EffectStep = FlowStepId | 'install';

export interface Effect {
  step: EffectStep | ((p: Problem) => EffectStep);
  /** Default: from the problem's severity (error → fails, warning → warning, info/hint → a note only). */
  status?: 'fails' | 'warning' | 'note';
  says: string | ((p: Problem) => string);
}

const POLICY_STEP: Record<string, FlowStepId> = {
  FileVaultPolicy: 'sync-filevault',
  LoginPolicy: 'sync-login-window',
  UnlockPolicy: 'sync-unlock',
};

function policyStep(p: Problem): FlowStepId {
  for (const [key, step] of Object.entries(POLICY_STEP)) if (p.keyPath?.includes(key)) return step;
  return 'sync-unlock';
}

function missingUrls(p: Problem): string[] {
  const m = p.data?.missing;
  return Array.isArray(m) ? m.filter((x): x is string => typeof x === 'string') : [];
}

function onlyDeviceSignMissing(p: Problem): boolean {
  const missing = missingUrls(p);
  return missing.length > 0 && missing.every((u) => u.endsWith('/v1/auth/device-sign'));
}

/** Keyed by every rule's code: a rule without an entry here does not compile. */
export const CODE_EFFECTS: Readonly<Record<RuleCode, Effect[]>> = {
  DPS406: [
    {
      step: 'password-replaced',
      status: 'note',
      says: "With Secure Enclave keys (Okta's passwordless Platform SSO) the local password is not replaced by the Okta password and is not synced; the password-sync steps do not apply.",
    },
  ],
  DPS407: [{ step: policyStep, status: 'warning', says: 'This policy option works only with the Password method; with Secure Enclave keys macOS ignores it.' }],
  DPS408: [
    {
      step: 'registration-notification',
      status: 'fails',
      says: 'Platform SSO does not exist before macOS 13: nothing sets it up and no registration prompt appears.',
    },
  ],
  DPS434: [
    {
      step: 'registration-notification',
      says: "A template org host is still in the SSO URLs or the authsrv: entry, so your org's requests never reach Okta Verify's extension.",
    },
  ],
  DPS435: [
    {
      step: 'registration-notification',
      says: 'The ExtensionIdentifier names no installed extension, so macOS loads nothing for this SSO payload and no registration prompt appears.',
    },
  ],
  DPS436: [
    { step: 'registration-notification', says: 'Without its team prefix the app ID matches no app, so macOS does not associate Okta Verify with the org.' },
  ],
  DPS437: [
    {
      step: 'registration',
      says: "Device-Bound SSO is turned on, but the extension does not handle the org's device-sign URL, so the Mac does not join (Desktop Password Sync itself is not affected; Platform SSO with Secure Enclave keys needs Device-Bound SSO).",
    },
  ],
  DPS438: [{ step: 'registration', says: 'Device-Bound SSO needs Okta Verify 9.56.0 or later and macOS 14 or later; older Macs or Okta Verify ignore it.' }],
  DPS439: [{ step: 'install', says: 'macOS refuses a second Credential SSO payload for a host another one already has, and with it the whole profile.' }],
  DPS444: [
    { step: 'okta-sign-in', says: 'The Okta sign-in is pre-filled with a value that names the Mac, not the user; the user has to correct the username.' },
  ],
  DPS445: [{ step: 'registration-notification', says: 'The extension receives every request to the org, not only the Platform SSO endpoints.' }],
  DPS401: [
    {
      step: 'registration-notification',
      says: "Without Okta's team identifier macOS does not match the payload to Okta Verify's extension, so nothing asks the user to register.",
    },
  ],
  DPS402: [
    {
      step: 'registration-notification',
      says: 'Platform SSO works only with a Redirect extension; with another Type macOS sets up no Platform SSO and no registration prompt appears.',
    },
  ],
  DPS403: [
    {
      step: (p) => (onlyDeviceSignMissing(p) ? 'setup-assistant' : 'registration-notification'),
      says: (p) =>
        onlyDeviceSignMissing(p)
          ? "Registration in Setup Assistant signs the device through the org's /v1/auth/device-sign URL, which the payload does not list."
          : "The extension is not given the org's nonce and token URLs, so macOS never routes the registration to Okta Verify and no prompt appears.",
    },
  ],
  DPS404: [{ step: 'install', says: 'macOS refuses an SSO payload whose URLs are not plain http(s) URLs, and with it the whole profile.' }],
  DPS405: [{ step: 'install', says: 'macOS refuses a second SSO payload that claims a URL another one already has, and with it the whole profile.' }],
  DPS410: [
    {
      step: 'registration-notification',
      says: 'On macOS 14 and later Platform SSO is set up from PlatformSSO.AuthenticationMethod; without Password there, no registration prompt appears.',
    },
  ],
  DPS411: [
    {
      step: 'registration',
      says: 'Okta registers a Platform SSO 2.0 device only with shared device keys (UseSharedDeviceKeys true); the registration is refused.',
    },
  ],
  DPS412: [
    {
      step: 'registration',
      says: 'The SSO payload or the Device Access certificate comes in a user-scoped profile; shared device keys and the System-keychain certificate need the device channel, so registration does not complete.',
    },
  ],
  DPS413: [
    {
      step: 'registration',
      says: 'Okta Verify picks the Platform SSO protocol from PlatformSSO.ProtocolVersion; without "2.0" it does not register the Mac for Platform SSO 2.0.',
    },
  ],
  DPS414: [
    {
      step: 'scep-certificate',
      says: (p) =>
        p.data?.decided === false
          ? 'No Okta Device Access SCEP payload is among the checked profiles; if the MDM delivers the certificate another way (delegated SCEP, a library item), it is requested there.'
          : 'There is no Okta Device Access SCEP payload, so no certificate is requested.',
    },
    {
      step: 'registration',
      says: "Platform SSO 2.0 registration uses the Device Access certificate to reach Okta's device endpoints and to identify the Mac; without it registration fails.",
    },
  ],
  DPS415: [
    {
      step: 'registration-notification',
      says: 'macOS 13 sets up Platform SSO 1.0 only from the top-level AuthenticationMethod; without it no registration prompt appears.',
    },
  ],
  DPS416: [
    { step: 'registration', says: 'The deployment mixes Platform SSO 1.0 and 2.0 settings; which one the Mac ends up with depends on which value it reads.' },
  ],
  DPS417: [{ step: 'install', says: 'The top-level AuthenticationMethod is deprecated on this macOS; PlatformSSO.AuthenticationMethod is the one used.' }],
  DPS418: [{ step: 'install', says: 'macOS 13 ignores the PlatformSSO dictionary.' }],
  DPS419: [{ step: 'registration', says: 'Okta Verify is told to use Platform SSO protocol 2.0, which macOS 13 does not have, so registration fails.' }],
  DPS420: [{ step: 'sync-login-window', says: 'Creating accounts at the login window (or authorization) needs shared device keys; macOS does not honour it.' }],
  DPS421: [{ step: 'registration', says: 'macOS uses the RegistrationToken only with an authentication method, so silent registration does not happen.' }],
  DPS423: [{ step: policyStep, says: 'The policy allows a grace period but does not say how long it is.' }],
  DPS424: [{ step: policyStep, says: 'RequireAuthentication without an offline grace period locks the user out here whenever the Mac cannot reach Okta.' }],
  DPS425: [{ step: 'install', status: 'warning', says: 'A key of the SSO payload is not known to this macOS, which ignores it.' }],
  DPS430: [
    {
      step: (p) => (p.keyPath?.includes('OktaVerify.OrgUrl') ? 'okta-sign-in' : 'registration-notification'),
      says: (p) =>
        p.keyPath?.includes('OktaVerify.OrgUrl')
          ? 'Okta Verify is pointed at a different org host than the SSO extension; the sign-in goes to the wrong org.'
          : "The SSO URLs and the authsrv: domain name different org hosts, so the org's requests do not reach Okta Verify's extension.",
    },
  ],
  DPS431: [
    {
      step: 'registration-notification',
      says: 'The authsrv: entry is not a bare host, so macOS does not associate Okta Verify with the org and its extension never gets the request.',
    },
  ],
  DPS432: [
    {
      step: 'registration-notification',
      says: 'Okta Verify is not associated with authsrv:<org host> for every app ID that needs it, so the registration request does not reach it.',
    },
  ],
  DPS433: [{ step: 'install', says: 'EnableDirectDownloads is ignored for this associated-domains entry.' }],
  DPS440: [
    {
      step: 'okta-sign-in',
      says: 'Without the client ID of the Desktop Password Sync app Okta has no app to sign the user in to; the sign-in for registration fails.',
    },
  ],
  DPS441: [
    {
      step: 'okta-sign-in',
      says: 'Copies of the client ID disagree; the copy the Mac reads decides which Okta app is used, and the other app refuses the user.',
    },
  ],
  DPS442: [
    {
      step: 'okta-verify-config',
      says: 'Okta Verify reads the org URL from each of its two domains; where it is missing or a template value, that part of Okta Verify does not know the org.',
    },
  ],
  DPS443: [
    {
      step: 'okta-sign-in',
      status: 'fails',
      says: 'The client ID sits only in com.okta.mobile; the SSO extension reads its own domain and finds none, so the sign-in for registration fails.',
    },
  ],
  DPS450: [
    {
      step: 'scep-certificate',
      says: 'The certificate request uses values Okta does not expect (key size, usage, extractable, app access); Okta Verify may not be able to use the certificate.',
    },
  ],
  DPS451: [{ step: 'scep-certificate', says: 'The request works, but the static SCEP secret is written in the profile for anyone who reads the file.' }],
  DPS452: [
    { step: 'scep-certificate', says: 'The SCEP URL or challenge is still a template value, so the certificate request fails.' },
    { step: 'registration', says: 'Without the Device Access certificate, Platform SSO 2.0 registration fails.' },
  ],
  DPS460: [
    {
      step: 'password-policy',
      says: 'The local password expires after a number of days; macOS then asks for a new local password that Okta does not know, and the two drift apart.',
    },
  ],
  DPS461: [{ step: 'password-policy', says: 'The policy forces a local password change at next authentication, which takes the Mac out of sync with Okta.' }],
  // Secrets in the file: the Mac works, but the secret is readable by anyone who has the file.
  DPS490: [{ step: 'install', says: 'The payload installs, but a SCEP challenge is written in the profile for anyone who reads the file.' }],
  DPS491: [{ step: 'install', says: 'The payload installs, but the Wi-Fi password is written in the profile for anyone who reads the file.' }],
  DPS492: [{ step: 'install', says: 'The payload installs, but an 802.1X account password is written in the profile for anyone who reads the file.' }],
  DPS493: [{ step: 'install', says: 'The payload installs, but the PKCS#12 password sits next to the identity it unlocks.' }],
  DPS494: [{ step: 'install', says: 'The payload installs, but a private key travels in the profile.' }],
  DPS495: [{ step: 'registration', says: 'Registration can use the token, but it is written in the profile for anyone who reads the file.' }],
  DPS496: [{ step: 'install', says: 'The payload installs, but an OAuth client secret is written in the profile for anyone who reads the file.' }],
};

/** The effects of a problem's code (undefined for the codes that are not rules'). */
export function effectsOf(code: string): readonly Effect[] | undefined {
  return Object.hasOwn(CODE_EFFECTS, code) ? CODE_EFFECTS[code as RuleCode] : undefined;
}

/** Syntax problems after which macOS cannot read the profile at all. */
export const UNREADABLE_CODES = new Set([
  'DPS100',
  'DPS101',
  'DPS102',
  'DPS103',
  'DPS105',
  'DPS106',
  'DPS107',
  'DPS108',
  'DPS110',
  'DPS111',
  'DPS112',
  'DPS113',
  'DPS114',
  'DPS115',
]);
/** Structure and schema errors for which macOS refuses the payload (and so the profile). */
export const REFUSING_CODES = new Set(['DPS201', 'DPS203', 'DPS204', 'DPS205', 'DPS206', 'DPS207', 'DPS301']);
/** The value is there but macOS cannot use it. */
export const UNUSABLE_VALUE_CODES = new Set(['DPS303', 'DPS304', 'DPS305', 'DPS306', 'DPS307', 'DPS470', 'DPS480']);

/** What losing a key's value breaks further on (for values the Mac cannot use or ignores). */
export const KEY_EFFECTS: Readonly<Record<string, { step: FlowStepId; status: 'fails' | 'warning'; says: string }>> = {
  UseSharedDeviceKeys: {
    step: 'registration',
    status: 'fails',
    says: 'UseSharedDeviceKeys has no usable value, so shared device keys stay off and Okta refuses the Platform SSO 2.0 registration.',
  },
  AuthenticationMethod: {
    step: 'registration-notification',
    status: 'fails',
    says: 'AuthenticationMethod has no usable value, so Platform SSO is not set up and no registration prompt appears.',
  },
  ExtensionIdentifier: {
    step: 'registration-notification',
    status: 'fails',
    says: "ExtensionIdentifier has no usable value, so no extension handles the org's requests.",
  },
  TeamIdentifier: {
    step: 'registration-notification',
    status: 'fails',
    says: 'TeamIdentifier has no usable value, so macOS does not match the payload to Okta Verify.',
  },
  Type: { step: 'registration-notification', status: 'fails', says: 'Type has no usable value, so macOS sets up no Redirect extension.' },
  URLs: { step: 'registration-notification', status: 'fails', says: "URLs has no usable value, so the extension handles none of the org's endpoints." },
  'OktaVerify.PasswordSyncClientID': {
    step: 'okta-sign-in',
    status: 'fails',
    says: 'The client ID has no usable value, so Okta has no app to sign the user in to.',
  },
  'OktaVerify.OrgUrl': { step: 'okta-verify-config', status: 'fails', says: 'The org URL has no usable value, so Okta Verify does not know the org.' },
  'PlatformSSO.ProtocolVersion': {
    step: 'registration',
    status: 'fails',
    says: 'PlatformSSO.ProtocolVersion has no usable value, so Okta Verify does not know which Platform SSO protocol to use.',
  },
  EnableRegistrationDuringSetup: {
    step: 'setup-assistant',
    status: 'warning',
    says: 'Registration in Setup Assistant is not turned on, because its key is not usable.',
  },
  FileVaultPolicy: { step: 'sync-filevault', status: 'warning', says: 'The FileVault policy is not usable, so macOS uses its default there.' },
  LoginPolicy: { step: 'sync-login-window', status: 'warning', says: 'The login policy is not usable, so macOS uses its default there.' },
  UnlockPolicy: { step: 'sync-unlock', status: 'warning', says: 'The unlock policy is not usable, so macOS uses its default there.' },
};

/** The last key of a key path: `A[0].B["C.D"][2]` → `C.D`. */
export function lastKey(keyPath: string | undefined): string | undefined {
  if (!keyPath) return undefined;
  const trimmed = keyPath.replace(/(\[\d+\])+$/, '');
  const quoted = /\[("(?:[^"\\]|\\.)*")\]$/.exec(trimmed);
  if (quoted) {
    try {
      return JSON.parse(quoted[1]) as string;
    } catch {
      return undefined;
    }
  }
  const dot = trimmed.lastIndexOf('.');
  const last = dot >= 0 ? trimmed.slice(dot + 1) : trimmed;
  return last.replace(/\[.*$/, '') || undefined;
}
