import { getValue } from '../plist/ast';
import { isLiteralSecret, payloadsOfType, reportSecret } from '../dps/secrets';
import { defineRule } from './define';

/** The password of an embedded PKCS#12 identity, written next to the identity it unlocks. */
export const pkcs12PasswordLiteral = defineRule({
  code: 'DPS493',
  name: 'pkcs12-password-literal',
  severity: 'warning',
  summary: "A PKCS#12 payload's Password is written in the profile, next to the private key it unlocks.",
  sources: ['applePkcs12'],
  check(ctx) {
    for (const { doc, payload } of payloadsOfType(ctx.deployment, /^com\.apple\.security\.pkcs12$/)) {
      const password = getValue(payload.dict, 'Password');
      if (password && isLiteralSecret(password)) {
        reportSecret(
          ctx,
          this.code,
          doc,
          password,
          'The PKCS#12 Password',
          'Deliver identities with SCEP or ACME (the key never leaves the Mac), or let the MDM insert the identity and its password.',
        );
      }
    }
  },
});
