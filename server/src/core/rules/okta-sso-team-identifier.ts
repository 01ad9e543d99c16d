import { getEntry } from '../plist/ast';
import { OKTA_TEAM_ID } from '../okta';
import { keyPathIn, valueSpan } from '../dps/locate';
import { insertEntry, replaceValue } from '../edit';
import { defineRule } from './define';

/** The Okta extension is signed by Okta's team; any other TeamIdentifier and macOS never loads it. */
export const oktaSsoTeamIdentifier = defineRule({
  code: 'DPS401',
  name: 'okta-sso-team-identifier',
  severity: 'error',
  summary: `The Okta SSO extension payload needs TeamIdentifier ${OKTA_TEAM_ID}.`,
  sources: ['oktaProfiles', 'appleExtensibleSso'],
  check(ctx) {
    for (const { doc, item } of ctx.deployment.oktaSso) {
      const entry = getEntry(item.dict, 'TeamIdentifier');
      const text = ctx.textOf(doc);
      const want = { kind: 'string' as const, value: OKTA_TEAM_ID };
      if (!entry?.value) {
        ctx.report(doc, {
          code: this.code,
          message: `The Okta SSO extension payload has no TeamIdentifier; macOS requires it and Okta's is ${OKTA_TEAM_ID}.`,
          span: getEntry(item.dict, 'ExtensionIdentifier')?.keySpan ?? item.dict.openTag,
          keyPath: keyPathIn(item, 'TeamIdentifier'),
          fixes: [
            {
              title: `Add TeamIdentifier ${OKTA_TEAM_ID}`,
              edits: [insertEntry(text, item.dict, 'TeamIdentifier', `<string>${OKTA_TEAM_ID}</string>`)],
              preferred: true,
              safe: true,
            },
          ],
        });
        continue;
      }
      const v = entry.value;
      if (v.kind === 'string' && v.value.trim() === OKTA_TEAM_ID) continue;
      ctx.report(doc, {
        code: this.code,
        message: `TeamIdentifier of the Okta SSO extension must be ${OKTA_TEAM_ID} (Okta's Apple team); found ${v.kind === 'string' ? `"${v.value}"` : `<${v.kind}>`}.`,
        span: valueSpan(v),
        keyPath: keyPathIn(item, 'TeamIdentifier'),
        fixes: [{ title: `Set TeamIdentifier to ${OKTA_TEAM_ID}`, edits: [replaceValue(v, want)], preferred: true, safe: true }],
      });
    }
  },
});
