#!/usr/bin/env node
// Generates schemas/*.schema.json from Apple's device-management YAML catalog.
//
//   node scripts/gen-schemas.mjs <path to an apple-device-management checkout> [--out <dir>]
//
// Facts (keys, plist types, presence, allowed values, ranges, defaults, macOS versions) come from the
// catalog; descriptions and Okta annotations are our own and live in the tables below. The catalog copy
// we use stops at macOS 15.1, so the newer Platform SSO keys (15.4/26/27) are added from PLATFORM_SSO_EXTRAS.
// The Okta Verify preference domains are not in Apple's catalog and are written out here in full.
// The output is committed: nothing at build or test time needs the catalog.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

const args = process.argv.slice(2);
const outFlag = args.indexOf('--out');
// --out lets the tests regenerate into a scratch folder and compare with the committed files.
const outDir = outFlag >= 0 ? args.splice(outFlag, 2)[1] : new URL('../schemas/', import.meta.url).pathname;
const catalogRoot = args[0];
if (!catalogRoot || !outDir || !existsSync(join(catalogRoot, 'mdm', 'profiles', 'TopLevel.yaml'))) {
  console.error('usage: node scripts/gen-schemas.mjs <apple-device-management checkout> [--out <dir>]');
  process.exit(2);
}
const profilesDir = join(catalogRoot, 'mdm', 'profiles');

// ---------------------------------------------------------------------------------------------
// Sources cited in `okta` annotations (URLs from docs/dps-reference section 0).
const SRC = {
  OK_PROF: 'https://help.okta.com/oie/en-us/content/topics/oda/macos-pw-sync/configure-macos-password-sync-policies.htm',
  OK_DPS: 'https://help.okta.com/oie/en-us/content/topics/oda/macos-pw-sync/configure-macos-password-sync.htm',
  OK_15: 'https://help.okta.com/oie/en-us/content/topics/oda/macos-pw-sync/update-password-sync-for-mac-15.htm',
  OK_SCEP: 'https://help.okta.com/oie/en-us/content/topics/oda/oda-as-scep.htm',
  OK_CA_S: 'https://help.okta.com/oie/en-us/Content/Topics/identity-engine/devices/okta-ca-static-scep-macos-jamf.htm',
  OK_JIT: 'https://help.okta.com/oie/en-us/Content/Topics/oda/macos-pw-sync/jit-provisioning-oda.htm',
  OK_MAC: 'https://help.okta.com/oie/en-us/Content/Topics/identity-engine/devices/managed-app-configs-macOS.htm',
  FLEET: 'https://fleetdm.com/guides/deploying-okta-platform-sso-with-fleet',
};

// ---------------------------------------------------------------------------------------------
// Our descriptions, one sentence each. Keyed by schema id, then by the dotted key path
// (array items add no segment; `*` stands for a free-form dictionary key).
const DESCRIPTIONS = {
  common: {
    PayloadIdentifier: 'Reverse-DNS identifier of this payload; it must be unique within the profile.',
    PayloadUUID: 'Unique identifier of this payload, usually a UUID from uuidgen.',
    PayloadType: 'Says which kind of payload this dictionary is.',
    PayloadVersion: 'Version of the payload format; always 1.',
    PayloadDescription: 'Free text that describes the payload in its detail view.',
    PayloadDisplayName: 'Name of the payload as shown to the user.',
    PayloadOrganization: 'Organization that supplies this payload.',
    PayloadEnabled: "Enable flag written by some profile editors; Apple's catalog does not define it.",
  },
  Configuration: {
    PayloadIdentifier: 'Reverse-DNS identifier of the profile; installing a profile with the same identifier replaces it.',
    PayloadUUID: 'Unique identifier of the profile.',
    PayloadType: 'Kind of the outer dictionary; a profile always uses Configuration.',
    PayloadVersion: 'Version of the profile format; always 1.',
    IsEncrypted: 'Marks the payload content as encrypted.',
    PayloadContent: 'The payload dictionaries this profile installs.',
    EncryptedPayloadContent: 'Encrypted payload content, used instead of PayloadContent when IsEncrypted is true.',
    PayloadDescription: 'Explanation shown to the user before the profile is installed.',
    PayloadDisplayName: 'Name of the profile as shown in System Settings.',
    HasRemovalPasscode: 'Says that removing the profile needs a passcode.',
    PayloadOrganization: 'Organization that supplies the profile.',
    PayloadRemovalDisallowed: 'Stops users from removing the profile without the removal passcode.',
    PayloadScope: 'Installs the profile for the whole computer (System) or only for the current user (User).',
    RemovalDate: 'Date on which the system removes the profile by itself.',
    DurationUntilRemoval: 'Seconds after installation until the system removes the profile.',
    PayloadExpirationDate: 'Date after which the profile counts as expired and asks for an update.',
    TargetDeviceType: 'Platform the profile is meant for: 5 is Mac, 0 is any device.',
    ConsentText: 'Agreement text, one entry per language code, that the user must accept before installing.',
    'ConsentText.*': 'Agreement text for this language code.',
    PayloadEnabled: "Enable flag written by some profile editors; Apple's catalog does not define it.",
  },
  'com.apple.extensiblesso': {
    ExtensionIdentifier: 'Bundle identifier of the app extension that performs single sign-on.',
    TeamIdentifier: 'Developer team identifier of the app extension; macOS needs it.',
    Type: 'Kind of SSO extension: Redirect for web-style identity providers, Credential for challenge/response.',
    Realm: 'Realm name used by Credential extensions; Redirect extensions ignore it.',
    ExtensionData: 'Extra settings handed unchanged to the app extension.',
    URLs: 'URL prefixes of the identity provider that a Redirect extension handles.',
    Hosts: 'Host or domain names a Credential extension handles; a leading dot matches subdomains.',
    ScreenLockedBehavior: 'Whether SSO requests made while the screen is locked are cancelled or continue without SSO.',
    DeniedBundleIdentifiers: 'Apps that must not use this extension for SSO.',
    AuthenticationMethod: 'Platform SSO method for macOS 13; from macOS 14 PlatformSSO.AuthenticationMethod replaces it.',
    RegistrationToken: 'Token that registers the device with the identity provider without user interaction.',
    PlatformSSO: 'Platform SSO settings for macOS 14 and later.',
    'PlatformSSO.AuthenticationMethod': 'How users authenticate with Platform SSO (OpenID needs macOS 27).',
    'PlatformSSO.UseSharedDeviceKeys': 'Uses one set of signing and encryption keys for every user of the Mac (device channel only).',
    'PlatformSSO.AccountDisplayName': 'Account name shown in Platform SSO notifications and prompts.',
    'PlatformSSO.LoginFrequency': 'Seconds until a full sign-in is required instead of a token refresh.',
    'PlatformSSO.EnableCreateUserAtLogin': 'Lets identity provider users create a new local account at the login window.',
    'PlatformSSO.EnableCreateFirstUserDuringSetup': 'Creates the first account on the Mac through Platform SSO in Setup Assistant.',
    'PlatformSSO.EnableAuthorization': 'Lets identity provider accounts answer authorization prompts.',
    'PlatformSSO.TokenToUserMapping': 'Token claims that supply the account name and full name of new users.',
    'PlatformSSO.TokenToUserMapping.AccountName': 'Claim that supplies the local account name.',
    'PlatformSSO.TokenToUserMapping.FullName': "Claim that supplies the user's full name.",
    'PlatformSSO.NewUserAuthenticationMethods': 'Sign-in methods for accounts Platform SSO creates (password and smart card when absent).',
    'PlatformSSO.NewUserAuthorizationMode': 'Privileges given to accounts created at login (Temporary needs macOS 26).',
    'PlatformSSO.UserAuthorizationMode': 'Privileges applied to an account each time its user authenticates.',
    'PlatformSSO.AdministratorGroups': 'Identity provider groups whose members get administrator rights.',
    'PlatformSSO.AdditionalGroups': 'Extra groups to create that carry no administrator rights.',
    'PlatformSSO.AuthorizationGroups': 'Maps authorization rights to the group allowed to use each.',
    'PlatformSSO.AuthorizationGroups.*': 'Group allowed to use this authorization right.',
    'PlatformSSO.AccessKeyReaderGroupIdentifier': 'Reader group identifier that the access key must match.',
    'PlatformSSO.AccessKeyTerminalIdentityUUID': 'PayloadUUID of the identity payload used as the access key terminal identity.',
    'PlatformSSO.AccessKeyReaderIssuerCertificateUUID': 'PayloadUUID of the certificate payload that issued the terminal identity.',
    'PlatformSSO.AllowAccessKeyExpressMode': 'Lets the access key work in express mode, without authenticating first.',
    'PlatformSSO.FileVaultPolicy': 'Platform SSO policy at FileVault unlock on Macs with Apple silicon.',
    'PlatformSSO.LoginPolicy': 'Platform SSO policy at the login window.',
    'PlatformSSO.UnlockPolicy': 'Platform SSO policy when unlocking the screen saver.',
    'PlatformSSO.AlwaysUseLoginUI': 'Uses the Platform SSO sign-in interface wherever it is supported.',
    'PlatformSSO.OfflineGracePeriod': 'Seconds after the last Platform SSO sign-in during which the local password works offline.',
    'PlatformSSO.AuthenticationGracePeriod': 'Seconds after a policy change during which unregistered local accounts may still sign in.',
    'PlatformSSO.NonPlatformSSOAccounts': 'Local accounts exempt from the Platform SSO policies and from registration prompts.',
    'PlatformSSO.AllowDeviceIdentifiersInAttestation': 'Adds the device UDID and serial number to Platform SSO attestations.',
    'PlatformSSO.SynchronizeProfilePicture': "Fetches the user's picture for the account from the SSO extension.",
    'PlatformSSO.TemporarySessionQuickLogin': 'Speeds up temporary sessions by wiping only part of the home folder after each one.',
    'PlatformSSO.EnableRegistrationDuringSetup': 'Runs Platform SSO registration in Setup Assistant during automated enrollment.',
    'PlatformSSO.WebLoginURLAllowList': 'Hosts that the Platform SSO web sign-in view may load.',
    'PlatformSSO.AllowWebLoginPasswordSync': 'Copies the password typed during web sign-in to the local account.',
    'PlatformSSO.AdditionalHTTPHeaders': 'Extra HTTP headers sent with Platform SSO requests to the identity provider.',
    'PlatformSSO.AdditionalHTTPHeaders.*': 'Value of this HTTP header.',
  },
  'com.apple.associated-domains': {
    Configuration: 'Apps and the domains associated with each of them.',
    'Configuration.ApplicationIdentifier': 'Team-prefixed app identifier (TEAMID.bundle.id) that the domains belong to.',
    'Configuration.AssociatedDomains': 'Associated domains written as service:host, for example authsrv:example.okta.com.',
    'Configuration.EnableDirectDownloads': "Fetches the domain's association file directly instead of through Apple's CDN.",
  },
  'com.apple.security.scep': {
    PayloadContent: 'How to request a certificate over SCEP.',
    'PayloadContent.URL': 'Address of the SCEP server.',
    'PayloadContent.Name': 'CA instance name that the SCEP server understands.',
    'PayloadContent.Subject': 'Certificate subject as a list of OID and value pairs.',
    'PayloadContent.Challenge': 'Shared secret the SCEP server expects.',
    'PayloadContent.Keysize': 'RSA key length in bits.',
    'PayloadContent.Key Type': 'Key algorithm; only RSA is supported.',
    'PayloadContent.Key Usage': 'Allowed key uses as a bitmask: 1 signing, 4 encryption.',
    'PayloadContent.CAFingerprint': 'Hash of the CA certificate, used to check the server.',
    'PayloadContent.Retries': 'How many times to retry while the server answers PENDING.',
    'PayloadContent.RetryDelay': 'Seconds to wait between retries.',
    'PayloadContent.SubjectAltName': 'Subject alternative names to request in the certificate.',
    'PayloadContent.SubjectAltName.rfc822Name': 'Email address to include.',
    'PayloadContent.SubjectAltName.dNSName': 'DNS name to include.',
    'PayloadContent.SubjectAltName.uniformResourceIdentifier': 'URI to include.',
    'PayloadContent.SubjectAltName.ntPrincipalName': 'Windows NT principal name to include.',
    'PayloadContent.KeyIsExtractable': 'Whether the private key may be exported from the keychain.',
    'PayloadContent.AllowAllAppsAccess': 'Gives every app access to the private key.',
  },
  'com.apple.ManagedClient.preferences': {
    PayloadContent: 'Managed preferences, keyed by preference domain.',
    'PayloadContent.*': 'Settings for one preference domain, grouped by how they are applied.',
    'PayloadContent.*.Forced': 'Settings enforced every time.',
    'PayloadContent.*.Set-Once': 'Settings applied once that users may change afterwards.',
    'PayloadContent.*.Often': 'Legacy mode that reapplies settings at each login.',
    'PayloadContent.*.mcx_preference_settings': 'The preference keys and values for this domain.',
    'PayloadContent.*.mcx_data_timestamp': 'Marks when the settings changed so that they are applied again.',
  },
  'com.apple.mobiledevice.passwordpolicy': {
    allowSimple: 'Allows passcodes made of repeated or sequential characters.',
    forcePIN: 'Requires the user to have a passcode.',
    maxFailedAttempts: 'Failed passcode attempts allowed before the Mac locks.',
    maxInactivity: 'Minutes of inactivity before the screen locks (macOS accepts up to 60).',
    maxPINAgeInDays: 'Days before the passcode must be changed.',
    minComplexChars: 'Minimum number of characters that are neither letters nor digits.',
    minLength: 'Minimum passcode length.',
    requireAlphanumeric: 'Requires letters as well as digits in the passcode.',
    pinHistory: 'Number of earlier passcodes that may not be reused.',
    maxGracePeriod: 'Minutes after locking during which no passcode is needed to unlock.',
    minutesUntilFailedLoginReset: 'Minutes before logging in is possible again after too many failed attempts.',
    changeAtNextAuth: 'Forces a password change the next time the user authenticates.',
    customRegex: 'Regular expression that passwords must match, with a description for users.',
    'customRegex.passwordContentRegex': 'ICU regular expression that a compliant password matches.',
    'customRegex.passwordContentDescription': 'Explanation of the rule per language code, with an optional default entry.',
    'customRegex.passwordContentDescription.*': 'Explanation for this language code.',
  },
  'com.apple.loginwindow': {
    SHOWFULLNAME: 'Shows name and password fields instead of a list of users.',
    HideLocalUsers: 'Lists only network and system users.',
    IncludeNetworkUser: 'Adds network users to the user list.',
    HideAdminUsers: 'Leaves administrators out of the user list.',
    SHOWOTHERUSERS_MANAGED: 'Adds an Other… entry to the user list.',
    AdminHostInfo: 'Extra computer information shown at the login window.',
    AllowList: 'GUIDs of the users or groups allowed to log in; * allows everyone.',
    DenyList: 'GUIDs of the users or groups not allowed to log in; wins over AllowList.',
    HideMobileAccounts: 'Leaves mobile accounts out of the user list.',
    ShutDownDisabled: 'Removes the Shut Down button from the login window.',
    RestartDisabled: 'Removes the Restart button from the login window.',
    SleepDisabled: 'Removes the Sleep button from the login window.',
    DisableConsoleAccess: 'Ignores the >console user name that opens a text console.',
    LoginwindowText: 'Message shown at the login window.',
    ShutDownDisabledWhileLoggedIn: 'Disables the Shut Down menu item while a user is logged in.',
    RestartDisabledWhileLoggedIn: 'Disables the Restart menu item while a user is logged in.',
    PowerOffDisabledWhileLoggedIn: 'Disables powering off while a user is logged in.',
    LogOutDisabledWhileLoggedIn: 'Disables the Log Out menu item while a user is logged in.',
    DisableScreenLockImmediate: 'Disables the commands that lock the screen at once.',
    showInputMenu: 'Shows the keyboard input menu at the login window.',
    DisableFDEAutoLogin: 'Stops FileVault unlock from logging the user in automatically.',
    AutologinUsername: 'Short name of an existing account that logs in automatically.',
    AutologinPassword: 'Current password of the automatic-login account.',
  },
  okta: {
    'OktaVerify.OrgUrl': 'URL of the Okta org that Okta Verify connects to.',
    'OktaVerify.PasswordSyncClientID': 'Client ID of the Okta "Platform Single Sign-on for macOS" (Desktop Password Sync) app.',
    'PlatformSSO.ProtocolVersion': 'Platform SSO protocol version Okta Verify uses: 1.0 for macOS 13, 2.0 for macOS 14 and later.',
    'OktaVerify.UserPrincipalName': 'Username to pre-fill on the Okta sign-in page.',
    'OktaVerify.EnrollmentOptions': 'Controls whether Okta Verify enrolls the user silently.',
    'OktaVerify.ReportDiagnostics': 'Sends Okta Verify diagnostics and crash reports to Okta.',
    'OktaVerify.LaunchOptions': "Changes Okta Verify's window behaviour at launch.",
    'OktaVerify.DeviceHealthOptions': 'Semicolon-separated device health checks to hide in Okta Verify.',
    'OktaVerify.Plugins': 'Identifiers of the EDR plugins Okta Verify reads device signals from.',
    'OktaVerify.EnableOSQueryCustomChecks': 'Allows custom osquery checks on this device.',
    'OktaVerify.OSQueryCustomChecksTimeout': 'Timeout for custom osquery checks, written as a string.',
    'OktaVerify.OSQueryAllowedDomains': 'Semicolon-separated Okta org hosts allowed to run custom osquery checks.',
    plugin: 'Settings of one EDR plugin listed in OktaVerify.Plugins.',
    'plugin.name': 'Plugin identifier, the same as the dictionary key.',
    'plugin.description': 'Human-readable description of the plugin.',
    'plugin.location': 'Path of the file the plugin writes its signals to.',
    'plugin.format': 'Format of the signal file, for example JWT.',
    'plugin.type': 'How Okta Verify reads the signals, for example file.',
  },
};

const ROOT_DESCRIPTIONS = {
  Configuration: 'A configuration profile: the outer dictionary that carries the payloads.',
  'com.apple.extensiblesso': 'Sets up a single sign-on app extension; Okta Desktop Password Sync uses it for Platform SSO.',
  'com.apple.associated-domains': "Links apps to web domains, for example Okta Verify to the org's authsrv domain.",
  'com.apple.security.scep': "Requests a client certificate from a SCEP server, such as Okta's Device Access CA.",
  'com.apple.ManagedClient.preferences': 'Delivers app preferences per preference domain (custom settings).',
  'com.apple.mobiledevice.passwordpolicy': 'Rules for local account passwords.',
  'com.apple.loginwindow': 'Login window behaviour and appearance.',
  'com.okta.mobile': 'Managed settings for the Okta Verify app.',
  'com.okta.mobile.auth-service-extension': "Managed settings for Okta Verify's SSO extension, which Desktop Password Sync uses.",
};

// What Okta expects, keyed like DESCRIPTIONS.
const OKTA = {
  Configuration: {
    PayloadScope: { expected: 'System', note: 'Okta wants the DPS profiles installed at computer level.', source: SRC.OK_PROF },
  },
  'com.apple.extensiblesso': {
    ExtensionIdentifier: {
      expected: 'com.okta.mobile.auth-service-extension',
      note: "DPS runs through Okta Verify's auth-service extension.",
      source: SRC.OK_PROF,
    },
    TeamIdentifier: { expected: 'B7F62B65BN', note: "Okta's Apple developer team identifier.", source: SRC.OK_PROF },
    Type: { expected: 'Redirect', note: 'DPS uses a Redirect extension; Platform SSO only works with Redirect.', source: SRC.OK_PROF },
    URLs: {
      expected: ['https://<org>/device-access/api/v1/nonce', 'https://<org>/oauth2/v1/token'],
      note: 'Both org endpoints are needed; macOS 26 Setup Assistant registration also needs https://<org>/v1/auth/device-sign.',
      source: SRC.OK_PROF,
    },
    AuthenticationMethod: { expected: 'Password', note: 'Okta sets Password here only for macOS 13 (PSSO 1.0).', source: SRC.OK_PROF },
    'PlatformSSO.AuthenticationMethod': { expected: 'Password', note: 'DPS syncs the Okta password, so the method is Password.', source: SRC.OK_15 },
    'PlatformSSO.UseSharedDeviceKeys': {
      expected: true,
      note: 'Okta requires shared device keys for PSSO 2.0; the key only works in a device-channel profile.',
      source: SRC.OK_15,
    },
    'PlatformSSO.TokenToUserMapping.AccountName': {
      expected: 'macOSAccountUsername',
      note: 'For Just-In-Time account creation when the app has this custom attribute.',
      source: SRC.OK_JIT,
    },
    'PlatformSSO.TokenToUserMapping.FullName': {
      expected: 'macOSAccountFullName',
      note: 'For Just-In-Time account creation when the app has this custom attribute.',
      source: SRC.OK_JIT,
    },
    'PlatformSSO.EnableRegistrationDuringSetup': {
      expected: true,
      note: 'Needed for Okta registration in the macOS 26 Setup Assistant (Okta Verify 9.52 or later).',
      source: SRC.FLEET,
    },
  },
  'com.apple.associated-domains': {
    'Configuration.ApplicationIdentifier': {
      expected: 'B7F62B65BN.com.okta.mobile.auth-service-extension',
      note: 'macOS 15 and later also need an entry for B7F62B65BN.com.okta.mobile.',
      source: SRC.OK_PROF,
    },
    'Configuration.AssociatedDomains': {
      expected: ['authsrv:<org host>'],
      note: 'The bare org host, without scheme or path.',
      source: SRC.OK_PROF,
    },
  },
  'com.apple.security.scep': {
    'PayloadContent.Keysize': { expected: 2048, note: 'Okta Device Access certificates use 2048-bit keys.', source: SRC.OK_CA_S },
    'PayloadContent.Key Type': { expected: 'RSA', note: 'Okta Device Access certificates use RSA keys.', source: SRC.OK_CA_S },
    'PayloadContent.Key Usage': { expected: 1, note: 'Okta wants signature-only certificates.', source: SRC.OK_CA_S },
    'PayloadContent.KeyIsExtractable': { expected: false, note: 'Okta asks to keep the private key non-exportable.', source: SRC.OK_CA_S },
    'PayloadContent.AllowAllAppsAccess': { expected: true, note: 'Okta Verify must be able to use the private key.', source: SRC.OK_CA_S },
  },
  'com.apple.mobiledevice.passwordpolicy': {
    maxPINAgeInDays: {
      expected: 0,
      note: 'Okta asks to turn off macOS password expiry before deploying DPS; expire the Okta password instead.',
      source: SRC.OK_DPS,
    },
  },
  okta: {
    'OktaVerify.OrgUrl': {
      expected: 'https://<org>',
      note: 'Use the same org URL as the SSO URLs and associated domain, or the custom domain if one is set.',
      source: SRC.OK_PROF,
    },
    'OktaVerify.PasswordSyncClientID': {
      expected: '<client ID of the Platform Single Sign-on app>',
      note: 'Copy it from the Sign On tab of the Okta app; it belongs in the auth-service-extension domain.',
      source: SRC.OK_PROF,
    },
    'PlatformSSO.ProtocolVersion': { expected: '2.0', note: 'Use 2.0 for macOS 14 and later; 1.0 only for macOS 13.', source: SRC.OK_15 },
  },
};

// ---------------------------------------------------------------------------------------------
// Platform SSO keys missing from the macOS 15.1 catalog copy (Apple's newer schema, dps-reference 2.2).
// `after` places each key where Apple's newer schema lists it.
const PLATFORM_SSO_EXTRAS = [
  { key: 'EnableCreateFirstUserDuringSetup', after: 'EnableCreateUserAtLogin', type: 'boolean', introduced: '26.0', default: true },
  {
    key: 'NewUserAuthenticationMethods',
    after: 'TokenToUserMapping',
    type: 'array',
    introduced: '26.0',
    items: { type: 'string', enum: ['Password', 'SmartCard', 'AccessKey', 'OpenID'] },
  },
  { key: 'AccessKeyReaderGroupIdentifier', after: 'AuthorizationGroups', type: 'data', introduced: '26.0' },
  { key: 'AccessKeyTerminalIdentityUUID', after: 'AccessKeyReaderGroupIdentifier', type: 'string', introduced: '26.0' },
  { key: 'AccessKeyReaderIssuerCertificateUUID', after: 'AccessKeyTerminalIdentityUUID', type: 'string', introduced: '26.2' },
  { key: 'AllowAccessKeyExpressMode', after: 'AccessKeyReaderIssuerCertificateUUID', type: 'boolean', introduced: '26.0', default: false },
  { key: 'AlwaysUseLoginUI', after: 'UnlockPolicy', type: 'boolean', introduced: '27.2', default: false },
  { key: 'AllowDeviceIdentifiersInAttestation', after: 'NonPlatformSSOAccounts', type: 'boolean', introduced: '15.4', default: false },
  { key: 'SynchronizeProfilePicture', after: 'AllowDeviceIdentifiersInAttestation', type: 'boolean', introduced: '26.0', default: false },
  { key: 'TemporarySessionQuickLogin', after: 'SynchronizeProfilePicture', type: 'boolean', introduced: '26.0', default: false },
  { key: 'EnableRegistrationDuringSetup', after: 'TemporarySessionQuickLogin', type: 'boolean', introduced: '26.0', default: false },
  { key: 'WebLoginURLAllowList', after: 'EnableRegistrationDuringSetup', type: 'array', introduced: '27.0', items: { type: 'string' } },
  { key: 'AllowWebLoginPasswordSync', after: 'WebLoginURLAllowList', type: 'boolean', introduced: '27.0', default: false },
  // Apple caps the map at 20 headers with values of at most 2048 characters.
  {
    key: 'AdditionalHTTPHeaders',
    after: 'AllowWebLoginPasswordSync',
    type: 'dict',
    introduced: '27.2',
    maxProperties: 20,
    valueMap: { type: 'string', maxLength: 2048 },
  },
];

// Allowed values that Apple's newer schema adds to keys the 15.1 copy already has.
const ENUM_ADDITIONS = {
  AuthenticationMethod: ['SmartCard', 'OpenID'],
  'PlatformSSO.AuthenticationMethod': ['OpenID'],
  'PlatformSSO.NewUserAuthorizationMode': ['Temporary'],
  'PlatformSSO.FileVaultPolicy': ['RequireTouchID', 'RequireTouchIDOrWatch', 'AllowOpenIDForTouchIDFallback'],
  'PlatformSSO.LoginPolicy': ['RequireTouchID', 'RequireTouchIDOrWatch', 'AllowOpenIDForTouchIDFallback'],
  'PlatformSSO.UnlockPolicy': ['RequireTouchID', 'RequireTouchIDOrWatch', 'AllowOpenIDForTouchIDFallback'],
};

// ---------------------------------------------------------------------------------------------
const PLIST_TYPES = {
  '<string>': 'string',
  '<integer>': 'integer',
  '<real>': 'real',
  '<boolean>': 'boolean',
  '<date>': 'date',
  '<data>': 'data',
  '<array>': 'array',
  '<dictionary>': 'dict',
  '<any>': 'any',
};
const JSON_TYPES = {
  string: 'string',
  integer: 'integer',
  real: 'number',
  boolean: 'boolean',
  date: 'string',
  data: 'string',
  array: 'array',
  dict: 'object',
};
// The structure check owns these; they never go into `required`.
const STRUCTURAL_KEYS = new Set(['PayloadType', 'PayloadVersion', 'PayloadIdentifier', 'PayloadUUID']);

const usedDescriptions = new Set();
function describe(table, path) {
  const d = DESCRIPTIONS[table]?.[path];
  if (!d) throw new Error(`no description for ${table}:${path}`);
  usedDescriptions.add(`${table}:${path}`);
  return d;
}

const usedOkta = new Set();
function okta(table, path) {
  const o = OKTA[table]?.[path];
  if (o) usedOkta.add(`${table}:${path}`);
  return o;
}

function readCatalog(name) {
  return load(readFileSync(join(profilesDir, `${name}.yaml`), 'utf8'));
}

function version(v, where) {
  // An unquoted 10.10 would have become the number 10.1: refuse rather than guess.
  if (typeof v !== 'string') throw new Error(`${where}: version ${v} is not a string in the YAML`);
  return v;
}

/** The effective macOS availability: the parent's, updated with the key's own entry (catalog inheritance rule). */
function mergeMacOS(parent, own, where) {
  if (!parent && !own) return undefined;
  const merged = { ...(parent ?? {}) };
  for (const field of ['introduced', 'deprecated', 'removed']) {
    if (own && own[field] !== undefined) merged[field] = version(own[field], where);
  }
  return merged.introduced !== undefined || merged.deprecated !== undefined || merged.removed !== undefined ? merged : undefined;
}

function typed(plistType) {
  const s = {};
  if (JSON_TYPES[plistType]) s.type = JSON_TYPES[plistType];
  s.plistType = plistType;
  return s;
}

function plistTypeOf(k, where) {
  const t = PLIST_TYPES[k.type];
  if (!t) throw new Error(`${where}: unknown catalog type ${k.type}`);
  return t;
}

/**
 * Converts one catalog key to a property schema.
 * ctx: { table, path: string[], macOS (parent availability), hooks }
 */
function convertKey(k, ctx) {
  const path = [...ctx.path, k.key];
  const dotted = path.join('.');
  const where = `${ctx.table}:${dotted}`;
  const plistType = plistTypeOf(k, where);
  const macOS = mergeMacOS(ctx.macOS, k.supportedOS?.macOS, where);
  const s = typed(plistType);
  s.description = describe(ctx.table, dotted);
  if (macOS) s.macOS = macOS;
  if (k.rangelist && plistType !== 'array') s.enum = [...k.rangelist];
  if (k.range) {
    if (k.range.min !== undefined) s.minimum = k.range.min;
    if (k.range.max !== undefined) s.maximum = k.range.max;
  }
  if (k.default !== undefined) s.default = k.default;
  const o = okta(ctx.table, dotted);
  if (o) s.okta = o;
  const hook = ctx.hooks?.[dotted];
  if (hook) return hook(s, k, { ...ctx, path, macOS });
  addContainer(s, k, { ...ctx, path, macOS }, where);
  return s;
}

/** Adds items / properties / additionalProperties for catalog containers. */
function addContainer(s, k, ctx, where) {
  if (s.plistType === 'array') {
    const sub = k.subkeys?.[0];
    if (!sub) return;
    s.items = itemSchema(sub, ctx, `${where}[]`);
    if (sub.repetition) {
      if (sub.repetition.min !== undefined) s.minItems = sub.repetition.min;
      if (sub.repetition.max !== undefined) s.maxItems = sub.repetition.max;
    }
  } else if (s.plistType === 'dict') {
    addDictKeys(s, k.subkeys ?? [], ctx, where);
  }
}

function itemSchema(sub, ctx, where) {
  const plistType = plistTypeOf(sub, where);
  const s = typed(plistType);
  if (sub.rangelist) s.enum = [...sub.rangelist];
  if (sub.range) {
    if (sub.range.min !== undefined) s.minimum = sub.range.min;
    if (sub.range.max !== undefined) s.maximum = sub.range.max;
  }
  addContainer(s, sub, ctx, where);
  return s;
}

function addDictKeys(s, subkeys, ctx, where) {
  const named = subkeys.filter((k) => k.key !== 'ANY');
  const any = subkeys.find((k) => k.key === 'ANY');
  if (named.length) {
    s.properties = {};
    for (const k of named) s.properties[k.key] = convertKey(k, ctx);
    const required = named.filter((k) => k.presence === 'required' && !STRUCTURAL_KEYS.has(k.key)).map((k) => k.key);
    if (required.length) s.required = required;
  }
  if (any) {
    const plistType = plistTypeOf(any, where);
    if (plistType === 'any') {
      s.additionalProperties = true;
    } else {
      const v = typed(plistType);
      v.description = describe(ctx.table, [...ctx.path, '*'].join('.'));
      addContainer(v, any, { ...ctx, path: [...ctx.path, '*'] }, `${where}.*`);
      s.additionalProperties = v;
    }
  } else {
    s.additionalProperties = false;
  }
}

function payloadFacts(payloadType, macOS) {
  const p = { payloadType };
  if (!macOS) return p;
  if (typeof macOS.multiple === 'boolean') p.multiple = macOS.multiple;
  const channels = [];
  if (macOS.devicechannel === true) channels.push('system');
  if (macOS.userchannel === true) channels.push('user');
  if (macOS.devicechannel !== undefined || macOS.userchannel !== undefined) p.channels = channels;
  if (typeof macOS.allowmanualinstall === 'boolean') p.manualInstall = macOS.allowmanualinstall;
  if (typeof macOS.userapprovedmdm === 'boolean') p.userApprovedMDM = macOS.userapprovedmdm;
  return p;
}

function rootSchema(id, title, macOS, payload) {
  const root = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `${id}.schema.json`,
    title,
    description: ROOT_DESCRIPTIONS[id],
    type: 'object',
  };
  if (macOS) root.macOS = macOS;
  root.payload = payload;
  return root;
}

const common = readCatalog('CommonPayloadKeys');
const commonMacOS = mergeMacOS(undefined, common.payload.supportedOS.macOS, 'CommonPayloadKeys');

// Not in Apple's catalog, but common in real profiles; known so it is not reported as a typo.
function payloadEnabledKey(table) {
  return { type: 'boolean', plistType: 'boolean', description: describe(table, 'PayloadEnabled') };
}

/** Common payload keys, converted like any catalog key (descriptions from the `common` table). */
function commonProperties() {
  const props = {};
  for (const k of common.payloadkeys) {
    props[k.key] = convertKey(k, { table: 'common', path: [], macOS: commonMacOS });
    // The registry picks the schema by type; an enum here would only duplicate the structure check.
    if (k.key === 'PayloadType') delete props[k.key].enum;
  }
  props.PayloadEnabled = payloadEnabledKey('common');
  return props;
}

/** A schema for one Apple payload type from its catalog file. */
function appleSchema(id, { hooks, after } = {}) {
  const cat = readCatalog(id);
  const macOSFacts = cat.payload.supportedOS?.macOS;
  const macOS = mergeMacOS(undefined, macOSFacts, id);
  const root = rootSchema(id, cat.title, macOS, payloadFacts(cat.payload.payloadtype, macOSFacts));
  const s = { type: 'object', plistType: 'dict' };
  addDictKeys(s, cat.payloadkeys, { table: id, path: [], macOS, hooks }, id);
  root.properties = { ...commonProperties(), ...s.properties };
  if (s.required) root.required = s.required;
  root.additionalProperties = false;
  if (after) after(root);
  return root;
}

// ---------------------------------------------------------------------------------------------
// Per-type adjustments.

function configurationSchema() {
  const cat = readCatalog('TopLevel');
  const macOSFacts = cat.payload.supportedOS.macOS;
  const macOS = mergeMacOS(undefined, macOSFacts, 'TopLevel');
  const root = rootSchema('Configuration', 'Configuration Profile', macOS, payloadFacts('Configuration', macOSFacts));
  const hooks = {
    // Each payload is checked against its own schema, so the items stay plain dictionaries.
    PayloadContent: (s) => ({ ...s, items: { type: 'object', plistType: 'dict' } }),
    // The catalog draws a placeholder item here; in profiles the value is a language → text map.
    ConsentText: (s) => ({
      ...s,
      additionalProperties: { type: 'string', plistType: 'string', description: describe('Configuration', 'ConsentText.*') },
    }),
  };
  const s = { type: 'object', plistType: 'dict' };
  addDictKeys(s, cat.payloadkeys, { table: 'Configuration', path: [], macOS, hooks }, 'TopLevel');
  delete s.properties.PayloadType.enum;
  s.properties.PayloadEnabled = payloadEnabledKey('Configuration');
  root.properties = s.properties;
  if (s.required) root.required = s.required;
  root.additionalProperties = false;
  return root;
}

function extensibleSSOSchema() {
  return appleSchema('com.apple.extensiblesso', {
    after(root) {
      for (const [path, extra] of Object.entries(ENUM_ADDITIONS)) {
        const target = subSchema(root, path.split('.'));
        const holder = target.plistType === 'array' ? target.items : target;
        for (const v of extra) if (!holder.enum.includes(v)) holder.enum.push(v);
      }
      const pssoSchema = root.properties.PlatformSSO;
      for (const x of PLATFORM_SSO_EXTRAS) {
        const dotted = `PlatformSSO.${x.key}`;
        const s = typed(x.type);
        s.description = describe('com.apple.extensiblesso', dotted);
        s.macOS = { introduced: x.introduced };
        if (x.default !== undefined) s.default = x.default;
        if (x.maxProperties !== undefined) s.maxProperties = x.maxProperties;
        const o = okta('com.apple.extensiblesso', dotted);
        if (o) s.okta = o;
        if (x.items) s.items = { ...typed(x.items.type), ...(x.items.enum ? { enum: x.items.enum } : {}) };
        if (x.valueMap) {
          s.additionalProperties = {
            ...typed(x.valueMap.type),
            description: describe('com.apple.extensiblesso', `${dotted}.*`),
            maxLength: x.valueMap.maxLength,
          };
        }
        pssoSchema.properties = insertAfter(pssoSchema.properties, x.after, x.key, s);
      }
    },
  });
}

function insertAfter(obj, afterKey, key, value) {
  if (key in obj) throw new Error(`PlatformSSO.${key} is already in the catalog; drop it from PLATFORM_SSO_EXTRAS`);
  if (!(afterKey in obj)) throw new Error(`PlatformSSO.${afterKey} not found`);
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    out[k] = v;
    if (k === afterKey) out[key] = value;
  }
  return out;
}

function subSchema(root, path) {
  let s = root;
  for (const seg of path) {
    s = s.properties?.[seg];
    if (!s) throw new Error(`no schema at ${path.join('.')}`);
  }
  return s;
}

function managedPreferencesSchema() {
  const id = 'com.apple.ManagedClient.preferences';
  return appleSchema(id, {
    hooks: {
      // domain → { Forced | Set-Once | Often: [ { mcx_preference_settings, mcx_data_timestamp? } ] }.
      // The catalog lists Forced and Set-Once; Often and mcx_data_timestamp are the other MCX forms seen in profiles.
      PayloadContent: (s, k, ctx) => {
        const at = (key) => `PayloadContent.*.${key}`;
        const settingsItem = () => ({
          type: 'object',
          plistType: 'dict',
          properties: {
            mcx_preference_settings: {
              type: 'object',
              plistType: 'dict',
              description: describe(id, at('mcx_preference_settings')),
              macOS: ctx.macOS,
              additionalProperties: true,
            },
            // Not in the catalog, so no macOS annotation.
            mcx_data_timestamp: {
              type: 'string',
              plistType: 'date',
              description: describe(id, at('mcx_data_timestamp')),
            },
          },
          required: ['mcx_preference_settings'],
          additionalProperties: false,
        });
        const mode = (key) => ({
          type: 'array',
          plistType: 'array',
          description: describe(id, at(key)),
          macOS: key === 'Often' ? undefined : ctx.macOS,
          items: settingsItem(),
        });
        return {
          ...s,
          additionalProperties: {
            type: 'object',
            plistType: 'dict',
            description: describe(id, 'PayloadContent.*'),
            properties: { Forced: mode('Forced'), 'Set-Once': mode('Set-Once'), Often: mode('Often') },
            additionalProperties: false,
          },
        };
      },
    },
  });
}

function passwordPolicySchema() {
  return appleSchema('com.apple.mobiledevice.passwordpolicy', {
    after(root) {
      // The catalog's 0–15 range is iOS's; on macOS the limit is 60 minutes (catalog note).
      root.properties.maxInactivity.maximum = 60;
      // The catalog caps the expression at 2048 characters.
      root.properties.customRegex.properties.passwordContentRegex.maxLength = 2048;
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Okta Verify preference domains (not in Apple's catalog; dps-reference section 3).

// Plugin descriptor dictionaries are keyed by the plugin's reverse-DNS identifier; the lookahead keeps
// misspelt OktaVerify./PlatformSSO. keys out of this pattern so they are still reported as unknown.
const OKTA_PLUGIN_KEY_PATTERN =
  '^(?![Oo][Kk][Tt][Aa][Vv][Ee][Rr][Ii][Ff][Yy]\\.|[Pp][Ll][Aa][Tt][Ff][Oo][Rr][Mm][Ss][Ss][Oo]\\.)[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)+$';

function oktaSchema(id, title) {
  const str = (path, extra = {}) => ({ type: 'string', plistType: 'string', description: describe('okta', path), ...extra });
  const bool = (path) => ({ type: 'boolean', plistType: 'boolean', description: describe('okta', path) });
  const withOkta = (path, s) => {
    const o = okta('okta', path);
    return o ? { ...s, okta: o } : s;
  };
  const oktaProps = {
    'OktaVerify.OrgUrl': withOkta('OktaVerify.OrgUrl', str('OktaVerify.OrgUrl', { examples: ['https://example.okta.com'] })),
    'OktaVerify.PasswordSyncClientID': withOkta('OktaVerify.PasswordSyncClientID', str('OktaVerify.PasswordSyncClientID')),
    'PlatformSSO.ProtocolVersion': withOkta('PlatformSSO.ProtocolVersion', str('PlatformSSO.ProtocolVersion', { enum: ['1.0', '2.0'] })),
    'OktaVerify.UserPrincipalName': str('OktaVerify.UserPrincipalName', { examples: ['user@example.com'] }),
    'OktaVerify.EnrollmentOptions': str('OktaVerify.EnrollmentOptions', { examples: ['SilentEnrollmentEnabled'] }),
    'OktaVerify.ReportDiagnostics': bool('OktaVerify.ReportDiagnostics'),
    'OktaVerify.LaunchOptions': str('OktaVerify.LaunchOptions', { examples: ['HideMainWindow'] }),
    'OktaVerify.DeviceHealthOptions': str('OktaVerify.DeviceHealthOptions', { examples: ['HideDiskEncryption;HideBiometrics'] }),
    'OktaVerify.Plugins': {
      type: 'array',
      plistType: 'array',
      description: describe('okta', 'OktaVerify.Plugins'),
      examples: [['com.crowdstrike.zta']],
      items: { type: 'string', plistType: 'string' },
    },
    'OktaVerify.EnableOSQueryCustomChecks': bool('OktaVerify.EnableOSQueryCustomChecks'),
    'OktaVerify.OSQueryCustomChecksTimeout': str('OktaVerify.OSQueryCustomChecksTimeout'),
    'OktaVerify.OSQueryAllowedDomains': str('OktaVerify.OSQueryAllowedDomains'),
  };
  const plugin = {
    type: 'object',
    plistType: 'dict',
    description: describe('okta', 'plugin'),
    properties: Object.fromEntries(['name', 'description', 'location', 'format', 'type'].map((k) => [k, str(`plugin.${k}`)])),
    additionalProperties: true,
  };
  const root = rootSchema(id, title, undefined, { payloadType: id });
  root.properties = { ...commonProperties(), ...oktaProps };
  root.patternProperties = { [OKTA_PLUGIN_KEY_PATTERN]: plugin };
  root.additionalProperties = false;
  return root;
}

// ---------------------------------------------------------------------------------------------
// Stable keyword order, so regenerating gives byte-identical files.
const KEYWORD_ORDER = [
  '$schema',
  '$id',
  'title',
  'description',
  'type',
  'plistType',
  'macOS',
  'payload',
  'okta',
  'enum',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'maxProperties',
  'default',
  'examples',
  'items',
  'properties',
  'patternProperties',
  'required',
  'additionalProperties',
];

function ordered(schema) {
  if (typeof schema !== 'object' || schema === null) return schema;
  for (const k of Object.keys(schema)) {
    if (!KEYWORD_ORDER.includes(k)) throw new Error(`keyword ${k} has no place in KEYWORD_ORDER`);
  }
  const out = {};
  for (const k of KEYWORD_ORDER) {
    if (!(k in schema) || schema[k] === undefined) continue;
    const v = schema[k];
    if (k === 'items' || k === 'additionalProperties') out[k] = ordered(v);
    else if (k === 'properties' || k === 'patternProperties') {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, ordered(sub)]));
    } else out[k] = v;
  }
  return out;
}

const schemas = [
  configurationSchema(),
  extensibleSSOSchema(),
  appleSchema('com.apple.associated-domains'),
  appleSchema('com.apple.security.scep'),
  managedPreferencesSchema(),
  oktaSchema('com.okta.mobile', 'Okta Verify'),
  oktaSchema('com.okta.mobile.auth-service-extension', 'Okta Verify SSO Extension'),
  passwordPolicySchema(),
  // loginwindow is a preference domain that honours many keys Apple's catalog does not list
  // (DisableGuestAccount, RetriesUntilHint, …, all seen in real profiles): unknown keys are not reported there.
  appleSchema('com.apple.loginwindow', {
    after: (root) => {
      root.additionalProperties = true;
    },
  }),
];

// Every description and Okta note must land somewhere; a leftover means a typo in a path.
for (const [table, entries] of Object.entries(DESCRIPTIONS)) {
  for (const path of Object.keys(entries)) {
    if (!usedDescriptions.has(`${table}:${path}`)) throw new Error(`unused description ${table}:${path}`);
  }
}
for (const [table, entries] of Object.entries(OKTA)) {
  for (const path of Object.keys(entries)) {
    if (!usedOkta.has(`${table}:${path}`)) throw new Error(`unused okta annotation ${table}:${path}`);
  }
}

mkdirSync(outDir, { recursive: true });
for (const schema of schemas) {
  const file = join(outDir, schema.$id);
  writeFileSync(file, JSON.stringify(ordered(schema), null, 2) + '\n');
  console.log(`wrote ${file}`);
}
