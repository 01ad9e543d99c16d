import { getEntry } from '../plist/ast';
import { OKTA_EXTENSION_DOMAIN, OKTA_VERIFY_DOMAIN } from '../okta';
import { settingsLabel } from '../dps/locate';
import { joinKeyPath } from '../model';
import { defineRule } from './define';

const KEY = 'OktaVerify.PasswordSyncClientID';

/**
 * Okta's 2023 generic example typed the extension's settings payload as
 * com.okta.mobile; the client ID then lands in the app's domain, where the SSO
 * extension never looks.
 */
export const appConfigDomain = defineRule({
  code: 'DPS443',
  name: 'app-config-domain',
  severity: 'warning',
  summary: `${KEY} sits only in the ${OKTA_VERIFY_DOMAIN} domain; Okta reads it from ${OKTA_EXTENSION_DOMAIN}.`,
  sources: ['oktaProfiles'],
  check(ctx) {
    const d = ctx.deployment;
    if (!d.isDps) return;
    if (d.oktaSettings.some((s) => s.item.domain === OKTA_EXTENSION_DOMAIN)) return;
    for (const { doc, item } of d.oktaSettings) {
      if (item.domain !== OKTA_VERIFY_DOMAIN) continue;
      const entry = getEntry(item.dict, KEY);
      if (!entry) continue;
      const how =
        item.via === 'custom-payload'
          ? `give this payload the PayloadType ${OKTA_EXTENSION_DOMAIN} (keep a separate ${OKTA_VERIFY_DOMAIN} payload for OktaVerify.OrgUrl)`
          : `deliver it in a ${OKTA_EXTENSION_DOMAIN} domain instead`;
      ctx.report(doc, {
        code: this.code,
        message: `${KEY} is set in ${settingsLabel(item)}, but the deployment has no ${OKTA_EXTENSION_DOMAIN} settings: Okta's SSO extension reads the client ID from its own domain. Move it: ${how}.`,
        span: entry.keySpan,
        keyPath: joinKeyPath(item.keyPath, KEY),
      });
    }
  },
});
