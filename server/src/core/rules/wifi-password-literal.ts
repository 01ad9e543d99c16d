import { getValue } from '../plist/ast';
import { isLiteralSecret, payloadsOfType, reportSecret, USE_MDM_SECRET } from '../dps/secrets';
import { defineRule } from './define';

/** A Wi-Fi payload's pre-shared key (`Password`, WPA/WPA2/WPA3 Personal, WEP) written into the profile. */
export const wifiPasswordLiteral = defineRule({
  code: 'DPS491',
  name: 'wifi-password-literal',
  severity: 'warning',
  summary: "A Wi-Fi payload's Password (the network's pre-shared key) is written in the profile.",
  sources: ['appleWifi'],
  check(ctx) {
    for (const { doc, payload } of payloadsOfType(ctx.deployment, /^com\.apple\.wifi\.managed$/)) {
      const password = getValue(payload.dict, 'Password');
      if (password && isLiteralSecret(password)) reportSecret(ctx, this.code, doc, password, 'The Wi-Fi Password', USE_MDM_SECRET);
    }
  },
});
