import { getEntry, getString } from '../plist/ast';
import { OKTA_EXTENSION_ID } from '../okta';
import { keyPathIn, missingKeySpan } from '../dps/locate';
import { pssoEntry, targetsPsso2 } from '../dps/psso';
import { insertEntry } from '../edit';
import type { Fix } from '../problem';
import { defineRule } from './define';

/** Apple: the RegistrationToken (silent registration) works only with a PlatformSSO.AuthenticationMethod. */
export const registrationTokenNeedsMethod = defineRule({
  code: 'DPS421',
  name: 'registration-token-needs-method',
  severity: 'error',
  summary: 'A top-level RegistrationToken needs PlatformSSO.AuthenticationMethod to be set.',
  sources: ['appleExtensibleSso'],
  check(ctx) {
    const d = ctx.deployment;
    const oktaCovered = new Set(targetsPsso2(d) ? d.oktaSso.map((s) => s.item) : []);
    for (const { doc, item } of d.allSso) {
      const token = getEntry(item.dict, 'RegistrationToken');
      const psso = pssoEntry(item);
      if (!token || !psso) continue;
      // Present but empty or of another type: the schema reports it (DPS304/DPS303).
      if (getEntry(psso.value, 'AuthenticationMethod')) continue;
      // DPS410 already asks the Okta payload for the method on a PSSO 2.0 target.
      if (oktaCovered.has(item)) continue;
      const isOkta = getString(item.dict, 'ExtensionIdentifier')?.trim() === OKTA_EXTENSION_ID;
      const fixes: Fix[] = isOkta
        ? [
            {
              title: 'Add AuthenticationMethod Password (Okta Desktop Password Sync)',
              edits: [insertEntry(ctx.textOf(doc), psso.value, 'AuthenticationMethod', '<string>Password</string>')],
              preferred: true,
              safe: true,
            },
          ]
        : [];
      ctx.report(doc, {
        code: this.code,
        message: `RegistrationToken is set, but PlatformSSO.AuthenticationMethod is missing; macOS uses the token only with an authentication method${isOkta ? ' (Password for Okta Desktop Password Sync)' : ''}.`,
        span: missingKeySpan(psso.value),
        keyPath: keyPathIn(item, 'PlatformSSO', 'AuthenticationMethod'),
        related: [{ documentId: doc.documentId, span: token.keySpan, message: 'RegistrationToken is set here' }],
        fixes,
      });
    }
  },
});
