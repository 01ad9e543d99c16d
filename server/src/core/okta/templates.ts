import { NONCE_PATH, OKTA_APP_IDS, OKTA_EXTENSION_DOMAIN, OKTA_EXTENSION_ID, OKTA_TEAM_ID, TOKEN_PATH } from './identifiers';

/**
 * The DPS payloads and profiles as templates: one source for the payload
 * completions (fresh UUIDs, the org already in the file) and for the snippets
 * in `snippets/mobileconfig.json` (VS Code's `$UUID`, placeholders the
 * diagnostics chase). A test keeps the snippets file equal to this output.
 *
 * Lines use a tab per level; `{{UUID}}`, `{{ORG}}` (a host such as
 * acme.okta.com) and `{{CLIENT_ID}}` are filled in by `renderTemplate`.
 */

export type PayloadTemplateId =
  | 'okta-sso-psso2'
  | 'okta-sso-psso1'
  | 'associated-domains'
  | 'associated-domains-psso1'
  | 'okta-verify'
  | 'okta-verify-extension'
  | 'okta-verify-extension-psso1'
  | 'device-access-scep'
  | 'passcode-no-expiry';

export interface PayloadTemplate {
  id: PayloadTemplateId;
  payloadType: string;
  label: string;
  description: string;
  lines: string[];
}

const header = (displayName: string, identifier: string, type: string) => [
  '<dict>',
  '\t<key>PayloadDisplayName</key>',
  `\t<string>${displayName}</string>`,
  '\t<key>PayloadIdentifier</key>',
  `\t<string>${identifier}</string>`,
  '\t<key>PayloadType</key>',
  `\t<string>${type}</string>`,
  '\t<key>PayloadUUID</key>',
  '\t<string>{{UUID}}</string>',
  '\t<key>PayloadVersion</key>',
  '\t<integer>1</integer>',
];

const oktaSsoCommon = [
  '\t<key>ExtensionIdentifier</key>',
  `\t<string>${OKTA_EXTENSION_ID}</string>`,
  '\t<key>TeamIdentifier</key>',
  `\t<string>${OKTA_TEAM_ID}</string>`,
  '\t<key>Type</key>',
  '\t<string>Redirect</string>',
  '\t<key>URLs</key>',
  '\t<array>',
  `\t\t<string>https://{{ORG}}${NONCE_PATH}</string>`,
  `\t\t<string>https://{{ORG}}${TOKEN_PATH}</string>`,
  '\t</array>',
];

const associatedDomain = (appId: string) => [
  '\t\t<dict>',
  '\t\t\t<key>ApplicationIdentifier</key>',
  `\t\t\t<string>${appId}</string>`,
  '\t\t\t<key>AssociatedDomains</key>',
  '\t\t\t<array>',
  '\t\t\t\t<string>authsrv:{{ORG}}</string>',
  '\t\t\t</array>',
  '\t\t</dict>',
];

const oktaVerifyExtension = (protocolVersion: string) => [
  ...header('Okta Verify SSO extension settings', 'com.example.okta-dps.auth-service-extension', OKTA_EXTENSION_DOMAIN),
  '\t<key>OktaVerify.OrgUrl</key>',
  '\t<string>https://{{ORG}}</string>',
  '\t<key>OktaVerify.PasswordSyncClientID</key>',
  '\t<string>{{CLIENT_ID}}</string>',
  '\t<key>PlatformSSO.ProtocolVersion</key>',
  `\t<string>${protocolVersion}</string>`,
  '</dict>',
];

export const PAYLOAD_TEMPLATES: readonly PayloadTemplate[] = [
  {
    id: 'okta-sso-psso2',
    payloadType: 'com.apple.extensiblesso',
    label: 'Okta Platform SSO 2.0 extension',
    description: 'Extensible SSO payload for Okta Verify with the PlatformSSO dictionary (password, shared device keys): macOS 14 and later.',
    lines: [
      ...header('Okta Platform SSO extension', 'com.example.okta-dps.extensiblesso', 'com.apple.extensiblesso'),
      ...oktaSsoCommon,
      '\t<key>PlatformSSO</key>',
      '\t<dict>',
      '\t\t<key>AuthenticationMethod</key>',
      '\t\t<string>Password</string>',
      '\t\t<key>UseSharedDeviceKeys</key>',
      '\t\t<true/>',
      '\t\t<key>AccountDisplayName</key>',
      '\t\t<string>Okta</string>',
      '\t</dict>',
      '</dict>',
    ],
  },
  {
    id: 'okta-sso-psso1',
    payloadType: 'com.apple.extensiblesso',
    label: 'Okta Platform SSO 1.0 extension (macOS 13)',
    description: 'Extensible SSO payload for Okta Verify with the top-level AuthenticationMethod that macOS 13 reads.',
    lines: [
      ...header('Okta Platform SSO extension', 'com.example.okta-dps.extensiblesso', 'com.apple.extensiblesso'),
      ...oktaSsoCommon,
      '\t<key>AuthenticationMethod</key>',
      '\t<string>Password</string>',
      '</dict>',
    ],
  },
  {
    id: 'associated-domains',
    payloadType: 'com.apple.associated-domains',
    label: 'Okta Verify associated domains',
    description: 'Associates the org host with the Okta Verify extension and app (macOS 15 needs both app IDs).',
    lines: [
      ...header('Okta Verify associated domains', 'com.example.okta-dps.associated-domains', 'com.apple.associated-domains'),
      '\t<key>Configuration</key>',
      '\t<array>',
      ...associatedDomain(OKTA_APP_IDS.extension),
      ...associatedDomain(OKTA_APP_IDS.verify),
      '\t</array>',
      '</dict>',
    ],
  },
  {
    id: 'associated-domains-psso1',
    payloadType: 'com.apple.associated-domains',
    label: 'Okta Verify associated domain (macOS 13)',
    description: 'Associates the org host with the Okta Verify extension, as Platform SSO 1.0 needs.',
    lines: [
      ...header('Okta Verify associated domain', 'com.example.okta-dps.associated-domains', 'com.apple.associated-domains'),
      '\t<key>Configuration</key>',
      '\t<array>',
      ...associatedDomain(OKTA_APP_IDS.extension),
      '\t</array>',
      '</dict>',
    ],
  },
  {
    id: 'okta-verify',
    payloadType: 'com.okta.mobile',
    label: 'Okta Verify settings (com.okta.mobile)',
    description: 'Managed settings of the Okta Verify app: the org URL.',
    lines: [
      ...header('Okta Verify settings', 'com.example.okta-dps.okta-verify', 'com.okta.mobile'),
      '\t<key>OktaVerify.OrgUrl</key>',
      '\t<string>https://{{ORG}}</string>',
      '</dict>',
    ],
  },
  {
    id: 'okta-verify-extension',
    payloadType: 'com.okta.mobile.auth-service-extension',
    label: 'Okta Verify SSO extension settings (com.okta.mobile.auth-service-extension)',
    description: 'Managed settings of the Okta Verify SSO extension: org URL, DPS client ID, PSSO protocol 2.0.',
    lines: oktaVerifyExtension('2.0'),
  },
  {
    id: 'okta-verify-extension-psso1',
    payloadType: 'com.okta.mobile.auth-service-extension',
    label: 'Okta Verify SSO extension settings, PSSO 1.0 (macOS 13)',
    description: 'Managed settings of the Okta Verify SSO extension for macOS 13: org URL, DPS client ID, PSSO protocol 1.0.',
    lines: oktaVerifyExtension('1.0'),
  },
  {
    id: 'device-access-scep',
    payloadType: 'com.apple.security.scep',
    label: 'Okta Device Access SCEP certificate',
    description: 'The Device Access certificate Platform SSO 2.0 needs, with the key settings Okta asks for.',
    lines: [
      ...header('Okta Device Access SCEP certificate', 'com.example.okta-dps.scep', 'com.apple.security.scep'),
      '\t<key>PayloadContent</key>',
      '\t<dict>',
      '\t\t<!-- The SCEP URL Okta shows under Security > Device integrations > Device Access. -->',
      '\t\t<key>URL</key>',
      '\t\t<string>https://{{ORG}}/pki/scep</string>',
      '\t\t<key>Name</key>',
      '\t\t<string>Okta Device Access</string>',
      '\t\t<key>Subject</key>',
      '\t\t<array>',
      '\t\t\t<array>',
      '\t\t\t\t<array>',
      '\t\t\t\t\t<string>CN</string>',
      '\t\t\t\t\t<string>Okta Device Access $SERIALNUMBER</string>',
      '\t\t\t\t</array>',
      '\t\t\t</array>',
      '\t\t</array>',
      '\t\t<!-- An MDM variable: the MDM puts the static secret or a per-device challenge here. -->',
      '\t\t<key>Challenge</key>',
      '\t\t<string>$SCEP_CHALLENGE</string>',
      '\t\t<key>Keysize</key>',
      '\t\t<integer>2048</integer>',
      '\t\t<key>Key Type</key>',
      '\t\t<string>RSA</string>',
      '\t\t<key>Key Usage</key>',
      '\t\t<integer>1</integer>',
      '\t\t<key>KeyIsExtractable</key>',
      '\t\t<false/>',
      '\t\t<key>AllowAllAppsAccess</key>',
      '\t\t<true/>',
      '\t</dict>',
      '</dict>',
    ],
  },
  {
    id: 'passcode-no-expiry',
    payloadType: 'com.apple.mobiledevice.passwordpolicy',
    label: 'Passcode policy without expiry',
    description: 'Turns local password expiry off, as Okta asks before deploying DPS.',
    lines: [
      ...header('Local password policy (no expiry)', 'com.example.okta-dps.passwordpolicy', 'com.apple.mobiledevice.passwordpolicy'),
      '\t<!-- 0: the local password never expires; Okta asks to turn expiry off before deploying DPS. -->',
      '\t<key>maxPINAgeInDays</key>',
      '\t<integer>0</integer>',
      '</dict>',
    ],
  },
];

export interface ProfileTemplate {
  id: 'profile-psso2' | 'profile-psso1';
  label: string;
  description: string;
  lines: string[];
}

const XML_HEAD = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
  '<plist version="1.0">',
  '<dict>',
];

function profile(displayName: string, identifier: string, payloads: PayloadTemplateId[]): string[] {
  const items = payloads.flatMap((id) => templateById(id).lines.map((l) => `\t\t${l}`));
  return [
    ...XML_HEAD,
    '\t<key>PayloadContent</key>',
    '\t<array>',
    ...items,
    '\t</array>',
    '\t<key>PayloadDisplayName</key>',
    `\t<string>${displayName}</string>`,
    '\t<key>PayloadIdentifier</key>',
    `\t<string>${identifier}</string>`,
    '\t<key>PayloadScope</key>',
    '\t<string>System</string>',
    '\t<key>PayloadType</key>',
    '\t<string>Configuration</string>',
    '\t<key>PayloadUUID</key>',
    '\t<string>{{UUID}}</string>',
    '\t<key>PayloadVersion</key>',
    '\t<integer>1</integer>',
    '</dict>',
    '</plist>',
  ];
}

export function templateById(id: PayloadTemplateId): PayloadTemplate {
  const t = PAYLOAD_TEMPLATES.find((x) => x.id === id);
  if (!t) throw new Error(`no payload template ${id}`);
  return t;
}

export const PROFILE_TEMPLATES: readonly ProfileTemplate[] = [
  {
    id: 'profile-psso2',
    label: 'Okta DPS profile, Platform SSO 2.0 (macOS 14+)',
    description:
      'A complete Desktop Password Sync profile for macOS 14 and later: SSO extension, associated domains, both Okta Verify domains, Device Access SCEP, passcode policy without expiry.',
    lines: profile('Okta Desktop Password Sync (Platform SSO 2.0)', 'com.example.okta-dps', [
      'okta-sso-psso2',
      'associated-domains',
      'okta-verify',
      'okta-verify-extension',
      'device-access-scep',
      'passcode-no-expiry',
    ]),
  },
  {
    id: 'profile-psso1',
    label: 'Okta DPS profile, Platform SSO 1.0 (macOS 13)',
    description:
      'A complete Desktop Password Sync profile for Macs on macOS 13: SSO extension with the top-level AuthenticationMethod, associated domain, both Okta Verify domains.',
    lines: profile('Okta Desktop Password Sync (macOS 13, Platform SSO 1.0)', 'com.example.okta-dps.psso1', [
      'okta-sso-psso1',
      'associated-domains-psso1',
      'okta-verify',
      'okta-verify-extension-psso1',
    ]),
  },
];

export interface TemplateValues {
  /** Called once per `{{UUID}}`: every payload gets its own. */
  uuid: () => string;
  org: string;
  clientId: string;
}

/** Escape literal text for LSP / VS Code snippet syntax. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/**
 * Fill a template. With `snippet` the literal text is escaped for snippet
 * syntax and the values are inserted as given (so they may be `${1:…}` or `$UUID`).
 */
export function renderTemplate(lines: readonly string[], values: TemplateValues, snippet: boolean): string[] {
  return lines.map((line) =>
    line
      .split(/(\{\{(?:UUID|ORG|CLIENT_ID)\}\})/)
      .map((part) => {
        if (part === '{{UUID}}') return values.uuid();
        if (part === '{{ORG}}') return values.org;
        if (part === '{{CLIENT_ID}}') return values.clientId;
        return snippet ? escapeSnippet(part) : part;
      })
      .join(''),
  );
}

/** Snippet defaults: values DPS rules recognise as template values, so the diagnostics point at them until replaced. */
export const DEFAULT_ORG = 'your-org.okta.com';
export const DEFAULT_CLIENT_ID = 'client-id';

export function newUuid(): string {
  return globalThis.crypto.randomUUID().toUpperCase();
}
