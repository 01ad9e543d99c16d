/**
 * Okta's identifiers on a Mac: the SSO extension, its Apple team, the two
 * preference domains Okta Verify reads, the app IDs that need associated
 * domains, the org endpoints the extension handles, and Okta's own hosts.
 */

export const OKTA_EXTENSION_ID = 'com.okta.mobile.auth-service-extension';
export const OKTA_TEAM_ID = 'B7F62B65BN';
/** Okta Verify (the app) reads this preference domain. */
export const OKTA_VERIFY_DOMAIN = 'com.okta.mobile';
/** Okta Verify's SSO extension reads this one (the client ID and the protocol version live here). */
export const OKTA_EXTENSION_DOMAIN = 'com.okta.mobile.auth-service-extension';
/** The two Okta preference domains, delivered as custom settings (own PayloadType, MCX or a bare plist). */
export const OKTA_PREFERENCE_DOMAINS = [OKTA_VERIFY_DOMAIN, OKTA_EXTENSION_DOMAIN] as const;
/** Okta's Device Access daemon reads Device-Bound SSO's OktaJoinEnabled from this domain (Okta: Device-Bound SSO for macOS). */
export const OKTA_DEVICE_ACCESS_DOMAIN = 'com.okta.deviceaccess.servicedaemon';
/** Every Okta preference domain the model collects settings of (the two Okta Verify domains and the Device Access daemon's). */
export const OKTA_SETTINGS_DOMAINS = [...OKTA_PREFERENCE_DOMAINS, OKTA_DEVICE_ACCESS_DOMAIN] as const;
export const OKTA_APP_IDS = {
  extension: `${OKTA_TEAM_ID}.${OKTA_EXTENSION_ID}`,
  verify: `${OKTA_TEAM_ID}.com.okta.mobile`,
} as const;
export const NONCE_PATH = '/device-access/api/v1/nonce';
export const TOKEN_PATH = '/oauth2/v1/token';
export const DEVICE_SIGN_PATH = '/v1/auth/device-sign';

/** Okta: Device-Bound SSO for macOS needs Okta Verify 9.56.0 or later (on macOS 14 or later). */
export const DBSSO_MIN_OKTA_VERIFY = '9.56.0';

const UNPREFIXED_APP_IDS = new Map<string, string>(Object.values(OKTA_APP_IDS).map((id) => [id.slice(OKTA_TEAM_ID.length + 1), id]));

/** `com.okta.mobile.auth-service-extension` → `B7F62B65BN.com.okta.mobile.auth-service-extension`: an Okta app ID written without its team prefix, completed; else undefined. */
export function prefixedOktaAppId(appId: string): string | undefined {
  return UNPREFIXED_APP_IDS.get(appId.trim());
}

/** Is this an Okta app ID written without its team prefix? */
export function isUnprefixedOktaAppId(appId: string): boolean {
  return prefixedOktaAppId(appId) !== undefined;
}

/** The two Okta app IDs whose associated domains DPS needs. */
export function isOktaAppId(appId: string): boolean {
  return appId === OKTA_APP_IDS.extension || appId === OKTA_APP_IDS.verify;
}

/** Okta's own hosts; anything else serving an org is a custom domain. */
const OKTA_HOST_RE = /(^|\.)(okta|oktapreview|okta-emea|okta-gov|okta-mil)\.com$/i;

export function isOktaHost(host: string): boolean {
  return OKTA_HOST_RE.test(host);
}
