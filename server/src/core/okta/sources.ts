/** Where the facts behind the rules come from (cited on every rule's docs page). */
export const SOURCES = {
  oktaProfiles: 'https://help.okta.com/oie/en-us/content/topics/oda/macos-pw-sync/configure-macos-password-sync-policies.htm',
  oktaDps: 'https://help.okta.com/oie/en-us/content/topics/oda/macos-pw-sync/configure-macos-password-sync.htm',
  oktaMacos14: 'https://help.okta.com/oie/en-us/Content/Topics/oda/configure-psso-oda.htm',
  oktaMacos15: 'https://help.okta.com/oie/en-us/content/topics/oda/macos-pw-sync/update-password-sync-for-mac-15.htm',
  oktaVersions: 'https://help.okta.com/oie/en-us/content/topics/oda/macos-pw-sync/about-psso-version-history.htm',
  oktaScep: 'https://help.okta.com/oie/en-us/content/topics/oda/oda-as-scep.htm',
  oktaScepStatic: 'https://help.okta.com/oie/en-us/Content/Topics/identity-engine/devices/okta-ca-static-scep-macos-jamf.htm',
  oktaManagedAppConfig: 'https://help.okta.com/oie/en-us/Content/Topics/identity-engine/devices/managed-app-configs-macOS.htm',
  oktaJit: 'https://help.okta.com/oie/en-us/Content/Topics/oda/macos-pw-sync/jit-provisioning-oda.htm',
  appleExtensibleSso: 'https://github.com/apple/device-management/blob/release/mdm/profiles/com.apple.extensiblesso.yaml',
  applePlatformSso: 'https://developer.apple.com/documentation/devicemanagement/extensiblesinglesignon/platformsso-data.dictionary',
  appleAssociatedDomains: 'https://github.com/apple/device-management/blob/release/mdm/profiles/com.apple.associated-domains.yaml',
  appleScep: 'https://github.com/apple/device-management/blob/release/mdm/profiles/com.apple.security.scep.yaml',
  applePasscode: 'https://github.com/apple/device-management/blob/release/mdm/profiles/com.apple.mobiledevice.passwordpolicy.yaml',
  appleTopLevel: 'https://github.com/apple/device-management/blob/release/mdm/profiles/TopLevel.yaml',
  applePssoGuide: 'https://support.apple.com/guide/deployment/dep7bbb05313/web',
  fleetGuide: 'https://fleetdm.com/guides/deploying-okta-platform-sso-with-fleet',
  appleWifi: 'https://github.com/apple/device-management/blob/release/mdm/profiles/com.apple.wifi.managed.yaml',
  appleEthernet: 'https://github.com/apple/device-management/blob/release/mdm/profiles/com.apple.firstactiveethernet.managed.yaml',
  applePkcs12: 'https://github.com/apple/device-management/blob/release/mdm/profiles/com.apple.security.pkcs12.yaml',
} as const;

export type SourceId = keyof typeof SOURCES;
