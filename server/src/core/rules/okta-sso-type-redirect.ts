import { getEntry } from '../plist/ast';
import { insertEntry, replaceValue } from '../edit';
import { keyPathIn, valueSpan } from '../dps/locate';
import { defineRule } from './define';

/** DPS uses the extension as a Redirect extension; Platform SSO works only with Redirect. */
export const oktaSsoTypeRedirect = defineRule({
  code: 'DPS402',
  name: 'okta-sso-type-redirect',
  severity: 'error',
  summary: 'The Okta SSO extension payload must have Type Redirect.',
  sources: ['oktaProfiles', 'applePlatformSso'],
  check(ctx) {
    for (const { doc, item } of ctx.deployment.oktaSso) {
      const entry = getEntry(item.dict, 'Type');
      if (!entry?.value) {
        ctx.report(doc, {
          code: this.code,
          message: 'The Okta SSO extension payload has no Type; Desktop Password Sync needs Type Redirect.',
          span: getEntry(item.dict, 'ExtensionIdentifier')?.keySpan ?? item.dict.openTag,
          keyPath: keyPathIn(item, 'Type'),
          fixes: [
            { title: 'Add Type Redirect', edits: [insertEntry(ctx.textOf(doc), item.dict, 'Type', '<string>Redirect</string>')], preferred: true, safe: true },
          ],
        });
        continue;
      }
      const v = entry.value;
      if (v.kind === 'string' && v.value === 'Redirect') continue;
      ctx.report(doc, {
        code: this.code,
        message: `Type of the Okta SSO extension must be "Redirect" for Desktop Password Sync and Platform SSO; found ${v.kind === 'string' ? `"${v.value}"` : `<${v.kind}>`}.`,
        span: valueSpan(v),
        keyPath: keyPathIn(item, 'Type'),
        fixes: [{ title: 'Set Type to Redirect', edits: [replaceValue(v, { kind: 'string', value: 'Redirect' })], preferred: true, safe: true }],
      });
    }
  },
});
