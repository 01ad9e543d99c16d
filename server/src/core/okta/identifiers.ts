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
export const OKTA_APP_IDS = {
  extension: `${OKTA_TEAM_ID}.${OKTA_EXTENSION_ID}`,
  verify: `${OKTA_TEAM_ID}.com.okta.mobile`,
} as const;
export const NONCE_PATH = '/device-access/api/v1/nonce';
export const TOKEN_PATH = '/oauth2/v1/token';
export const DEVICE_SIGN_PATH = '/v1/auth/device-sign';

/** The two Okta app IDs whose associated domains DPS needs. */
export function isOktaAppId(appId: string): boolean {
  return appId === OKTA_APP_IDS.extension || appId === OKTA_APP_IDS.verify;
}

/** Okta's own hosts; anything else serving an org is a custom domain. */
const OKTA_HOST_RE = /(^|\.)(okta|oktapreview|okta-emea|okta-gov|okta-mil)\.com$/i;

export function isOktaHost(host: string): boolean {
  return OKTA_HOST_RE.test(host);
}
