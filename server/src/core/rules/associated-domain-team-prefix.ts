import { getArray, getEntry, type DictNode } from '../plist/ast';
import { OKTA_TEAM_ID, prefixedOktaAppId } from '../okta';
import { replaceValue } from '../edit';
import { keyPathOf } from '../model';
import { valueSpan } from '../dps/locate';
import { defineRule } from './define';

/**
 * An associated-domains ApplicationIdentifier is `<team ID>.<bundle ID>`. Okta's bundle ID alone matches no app,
 * so macOS associates the org with nothing and the extension never receives the org's requests.
 */
export const associatedDomainTeamPrefix = defineRule({
  code: 'DPS436',
  name: 'associated-domain-team-prefix',
  severity: 'error',
  summary: `An Associated Domains ApplicationIdentifier names an Okta app without its team prefix (${OKTA_TEAM_ID}.).`,
  sources: ['appleAssociatedDomains', 'oktaProfiles'],
  check(ctx) {
    for (const { doc, item } of ctx.deployment.associatedDomains) {
      for (const config of getArray(item.dict, 'Configuration')?.items ?? []) {
        if (config.kind !== 'dict') continue;
        const node = getEntry(config as DictNode, 'ApplicationIdentifier')?.value;
        if (node?.kind !== 'string') continue;
        const full = prefixedOktaAppId(node.value);
        if (!full) continue;
        ctx.report(doc, {
          code: this.code,
          message: `The ApplicationIdentifier "${node.value}" lacks Okta's team prefix: an app ID is <team ID>.<bundle ID>, so macOS matches "${full}" and nothing else. Add "${OKTA_TEAM_ID}.".`,
          span: valueSpan(node),
          keyPath: keyPathOf(node),
          data: { appId: full },
          fixes: [{ title: `Change to ${full}`, edits: [replaceValue(node, { kind: 'string', value: full })], preferred: true, safe: true }],
        });
      }
    }
  },
});
