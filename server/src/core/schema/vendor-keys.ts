import { SOURCES } from '../okta/sources';

/**
 * Key names seen in published vendor templates that are not Apple's. The device
 * ignores them silently, so the setting the admin meant never applies. Each
 * maps to Apple's key (and, where the meaning moved to a value, that value).
 */
export interface VendorKeyMistake {
  /** Schema (payload type) and the dictionary path inside it where the key appears. */
  schemaId: string;
  parent: string;
  key: string;
  appleKey: string;
  /** When Apple expresses the setting as a value of another key. */
  appleValue?: { kind: 'string'; value: string };
  /** Only when the vendor key holds this boolean (otherwise there is nothing to carry over). */
  whenTrue?: boolean;
  source: string;
}

export const VENDOR_KEY_MISTAKES: readonly VendorKeyMistake[] = [
  {
    schemaId: 'com.apple.extensiblesso',
    parent: 'PlatformSSO',
    key: 'EnableRegistrationDuringSetupAssistant',
    appleKey: 'EnableRegistrationDuringSetup',
    source: SOURCES.applePlatformSso,
  },
  {
    schemaId: 'com.apple.extensiblesso',
    parent: 'PlatformSSO',
    key: 'EnableAuthenticatedGuestMode',
    appleKey: 'NewUserAuthorizationMode',
    appleValue: { kind: 'string', value: 'Temporary' },
    whenTrue: true,
    source: SOURCES.applePlatformSso,
  },
];

export function vendorKeyMistake(schemaId: string, parentPath: string, key: string): VendorKeyMistake | undefined {
  return VENDOR_KEY_MISTAKES.find((m) => m.schemaId === schemaId && m.parent === parentPath && m.key === key);
}
