import { getEntry } from '../plist/ast';
import { isPlaceholder } from '../dps/deployment';
import { insertEntry, replaceValue } from '../edit';
import { keyPathIn, valueSpan } from '../dps/locate';
import { describeTarget, payloadAnchor, targetsPsso1 } from '../dps/psso';
import { defineRule } from './define';

/** macOS 13 speaks only PSSO 1.0, which reads the top-level AuthenticationMethod. */
export const psso1AuthenticationMethod = defineRule({
  code: 'DPS415',
  name: 'psso1-authentication-method',
  severity: 'error',
  summary: 'For Platform SSO 1.0 (macOS 13) the Okta SSO payload needs the top-level AuthenticationMethod Password.',
  sources: ['oktaProfiles', 'oktaVersions', 'appleExtensibleSso'],
  check(ctx) {
    const d = ctx.deployment;
    if (!targetsPsso1(d)) return;
    const target = describeTarget(d.target);
    for (const { doc, item } of d.oktaSso) {
      const entry = getEntry(item.dict, 'AuthenticationMethod');
      if (!entry?.value) {
        ctx.report(doc, {
          code: this.code,
          message: `The Okta SSO payload has no top-level AuthenticationMethod; Platform SSO 1.0 on macOS 13 reads only that key (not PlatformSSO), and Desktop Password Sync needs it set to Password. The target is ${target}.`,
          span: payloadAnchor(item),
          keyPath: keyPathIn(item, 'AuthenticationMethod'),
          fixes: [
            {
              title: 'Add AuthenticationMethod Password',
              edits: [insertEntry(ctx.textOf(doc), item.dict, 'AuthenticationMethod', '<string>Password</string>')],
              preferred: true,
              safe: true,
            },
          ],
        });
        continue;
      }
      const v = entry.value;
      if (v.kind !== 'string' || v.value === 'Password' || isPlaceholder(v.value)) continue;
      ctx.report(doc, {
        code: this.code,
        message: `AuthenticationMethod must be Password for Desktop Password Sync with Platform SSO 1.0; found "${v.value}". The target is ${target}.`,
        span: valueSpan(v),
        keyPath: keyPathIn(item, 'AuthenticationMethod'),
        fixes: [
          { title: 'Set AuthenticationMethod to Password', edits: [replaceValue(v, { kind: 'string', value: 'Password' })], preferred: true, safe: true },
        ],
      });
    }
  },
});
