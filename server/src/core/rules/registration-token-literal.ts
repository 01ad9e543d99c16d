import { getValue } from '../plist/ast';
import { isLiteralSecret, payloadsOfType, reportSecret, USE_MDM_SECRET } from '../dps/secrets';
import { defineRule } from './define';

/** The Extensible SSO RegistrationToken (Platform SSO device registration) written as a literal. */
export const registrationTokenLiteral = defineRule({
  code: 'DPS495',
  name: 'registration-token-literal',
  severity: 'warning',
  summary: 'An Extensible SSO RegistrationToken is written in the profile as a literal value.',
  sources: ['appleExtensibleSso'],
  check(ctx) {
    for (const { doc, payload } of payloadsOfType(ctx.deployment, /^com\.apple\.extensiblesso$/)) {
      const token = getValue(payload.dict, 'RegistrationToken');
      if (token && isLiteralSecret(token)) reportSecret(ctx, this.code, doc, token, 'The RegistrationToken', USE_MDM_SECRET);
    }
  },
});
