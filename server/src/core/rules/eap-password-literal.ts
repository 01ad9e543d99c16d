import { getDict, getValue } from '../plist/ast';
import { isLiteralSecret, payloadsOfType, reportSecret } from '../dps/secrets';
import { defineRule } from './define';

/** An 802.1X (EAP) account password, for Wi-Fi or Ethernet, written into the profile: a user's or service account's credential. */
export const eapPasswordLiteral = defineRule({
  code: 'DPS492',
  name: 'eap-password-literal',
  severity: 'warning',
  summary: 'An 802.1X EAPClientConfiguration UserPassword (Wi-Fi or Ethernet) is written in the profile.',
  sources: ['appleWifi', 'appleEthernet'],
  check(ctx) {
    for (const { doc, payload } of payloadsOfType(ctx.deployment, /^com\.apple\.(wifi|[a-z]*ethernet)\.managed$/)) {
      const password = getValue(getDict(payload.dict, 'EAPClientConfiguration'), 'UserPassword');
      if (password && isLiteralSecret(password)) {
        reportSecret(
          ctx,
          this.code,
          doc,
          password,
          'The 802.1X UserPassword',
          'Leave it out so the user is asked when joining, or use certificate (EAP-TLS) authentication.',
        );
      }
    }
  },
});
