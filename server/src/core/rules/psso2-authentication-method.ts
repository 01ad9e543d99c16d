import { getEntry } from '../plist/ast';
import { insertEntry, replaceValue } from '../edit';
import { isPlaceholder } from '../dps/deployment';
import { keyPathIn, missingKeySpan, valueSpan } from '../dps/locate';
import { describeTarget, payloadAnchor, pssoEntry, targetSeverity, targetsPsso2 } from '../dps/psso';
import { defineRule } from './define';

/**
 * PSSO 2.0 (macOS 14+) reads the method from the PlatformSSO dictionary; DPS
 * syncs the Okta password, so the method is Password.
 */
export const psso2AuthenticationMethod = defineRule({
  code: 'DPS410',
  name: 'psso2-authentication-method',
  severity: 'error',
  summary: 'For Platform SSO 2.0 (macOS 14 and later) the Okta SSO payload needs a PlatformSSO dictionary with AuthenticationMethod Password.',
  sources: ['oktaMacos15', 'oktaMacos14', 'fleetGuide', 'applePlatformSso'],
  check(ctx) {
    const d = ctx.deployment;
    if (!targetsPsso2(d)) return;
    const target = describeTarget(d.target);
    for (const { doc, item } of d.oktaSso) {
      const text = ctx.textOf(doc);
      const psso = pssoEntry(item);
      if (!psso) {
        // A PlatformSSO of the wrong type is the schema's DPS303.
        if (getEntry(item.dict, 'PlatformSSO')) continue;
        ctx.report(doc, {
          code: this.code,
          severity: targetSeverity(d),
          message: `The Okta SSO payload has no PlatformSSO dictionary; Platform SSO 2.0 needs one with AuthenticationMethod Password and UseSharedDeviceKeys true. The target is ${target}.`,
          span: payloadAnchor(item),
          keyPath: keyPathIn(item, 'PlatformSSO'),
          fixes: [
            {
              title: 'Add a PlatformSSO dictionary (AuthenticationMethod Password, UseSharedDeviceKeys true)',
              edits: [
                insertEntry(text, item.dict, 'PlatformSSO', [
                  '<dict>',
                  '\t<key>AuthenticationMethod</key>',
                  '\t<string>Password</string>',
                  '\t<key>UseSharedDeviceKeys</key>',
                  '\t<true/>',
                  '</dict>',
                ]),
              ],
              preferred: true,
              // With only an assumed target the profile may be meant for macOS 13; let the user decide.
              // Adding a whole PlatformSSO dict picks Platform SSO 2.0: only safe when the admin set the target.
              safe: d.target.source === 'setting',
            },
          ],
        });
        continue;
      }
      const entry = getEntry(psso.value, 'AuthenticationMethod');
      if (!entry?.value) {
        ctx.report(doc, {
          code: this.code,
          message: `PlatformSSO has no AuthenticationMethod; Desktop Password Sync with Platform SSO 2.0 needs AuthenticationMethod Password. The target is ${target}.`,
          span: missingKeySpan(psso.value),
          keyPath: keyPathIn(item, 'PlatformSSO', 'AuthenticationMethod'),
          fixes: [
            {
              title: 'Add AuthenticationMethod Password',
              edits: [insertEntry(text, psso.value, 'AuthenticationMethod', '<string>Password</string>')],
              preferred: true,
              safe: true,
            },
          ],
        });
        continue;
      }
      const v = entry.value;
      // UserSecureEnclaveKey is Okta's Platform SSO with Secure Enclave keys, the supported alternative to DPS (DPS406 names the mode).
      if (v.kind !== 'string' || v.value === 'Password' || v.value.trim() === 'UserSecureEnclaveKey' || isPlaceholder(v.value)) continue;
      ctx.report(doc, {
        code: this.code,
        message: `PlatformSSO.AuthenticationMethod must be Password for Desktop Password Sync, which syncs the Okta password to the local account (or UserSecureEnclaveKey for Okta's Platform SSO with Secure Enclave keys); found "${v.value}"${v.value.trim() === 'SmartCard' ? ', which Okta Verify does not support' : ''}.`,
        span: valueSpan(v),
        keyPath: keyPathIn(item, 'PlatformSSO', 'AuthenticationMethod'),
        fixes: [
          { title: 'Set AuthenticationMethod to Password', edits: [replaceValue(v, { kind: 'string', value: 'Password' })], preferred: true, safe: true },
        ],
      });
    }
  },
});
