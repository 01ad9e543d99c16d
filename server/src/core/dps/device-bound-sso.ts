/** Okta's Device-Bound SSO (OktaJoinEnabled in com.okta.deviceaccess.servicedaemon), read from a deployment. */
import { getEntry, type DictEntry } from '../plist/ast';
import { ssoUrls, type DpsDeployment, type Located } from './deployment';
import { DEVICE_SIGN_PATH, OKTA_DEVICE_ACCESS_DOMAIN } from '../okta';
import type { PreferenceSettings } from '../model';
import { joinKeyPath } from '../model';
import { withoutTrailingSlashes } from '../text';

/** The OktaJoinEnabled true entries that turn Device-Bound SSO on (false changes nothing). */
export function deviceBoundSsoSwitches(d: DpsDeployment): { at: Located<PreferenceSettings>; entry: DictEntry; keyPath: string }[] {
  const out: { at: Located<PreferenceSettings>; entry: DictEntry; keyPath: string }[] = [];
  for (const doc of d.documents) {
    for (const item of doc.preferences) {
      if (item.domain !== OKTA_DEVICE_ACCESS_DOMAIN) continue;
      const entry = getEntry(item.dict, 'OktaJoinEnabled');
      if (entry?.value?.kind === 'boolean' && entry.value.value) out.push({ at: { doc, item }, entry, keyPath: joinKeyPath(item.keyPath, 'OktaJoinEnabled') });
    }
  }
  return out;
}

/** Does an Okta SSO payload list the org's device-sign URL (path compared as written)? */
export function hasDeviceSignUrl(d: DpsDeployment): boolean {
  return d.oktaSso.some(({ item }) =>
    ssoUrls(item).some((u) => {
      const path = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+(\/[^?#]*)?/i.exec(u.value.trim())?.[1];
      return path !== undefined && withoutTrailingSlashes(path) === DEVICE_SIGN_PATH;
    }),
  );
}
