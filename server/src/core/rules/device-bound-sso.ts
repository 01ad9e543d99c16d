import { getEntry, type DictEntry } from '../plist/ast';
import { DEVICE_SIGN_PATH, ssoUrls, type DpsDeployment, type Located } from '../dps/deployment';
import type { PreferenceSettings } from '../model';
import { joinKeyPath } from '../model';

export const DBSSO_DOMAIN = 'com.okta.deviceaccess.servicedaemon';
/** Okta: Device-Bound SSO for macOS needs Okta Verify 9.56.0 or later, on macOS 14 or later. */
export const DBSSO_MIN_OKTA_VERIFY = '9.56.0';

/** The OktaJoinEnabled true entries that turn Device-Bound SSO on (false changes nothing). */
export function deviceBoundSsoSwitches(d: DpsDeployment): { at: Located<PreferenceSettings>; entry: DictEntry; keyPath: string }[] {
  const out: { at: Located<PreferenceSettings>; entry: DictEntry; keyPath: string }[] = [];
  for (const doc of d.documents) {
    for (const item of doc.preferences) {
      if (item.domain !== DBSSO_DOMAIN) continue;
      const entry = getEntry(item.dict, 'OktaJoinEnabled');
      if (entry?.value?.kind === 'boolean' && entry.value.value) out.push({ at: { doc, item }, entry, keyPath: joinKeyPath(item.keyPath, 'OktaJoinEnabled') });
    }
  }
  return out;
}

/** Does an Okta SSO payload list the org's device-sign URL (path compared as written)? */
export function hasDeviceSignUrl(d: DpsDeployment): boolean {
  return d.oktaSso.some(({ item }) => ssoUrls(item).some((u) => /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+(\/[^?#]*)?/i.exec(u.value.trim())?.[1]?.replace(/\/+$/, '') === DEVICE_SIGN_PATH));
}
