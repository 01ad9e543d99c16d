import { getEntry, type StringNode } from '../plist/ast';
import { stringItems } from '../dps/deployment';
import { insertEntry } from '../edit';
import type { RelatedLocation } from '../problem';
import { keyPathIn, valueSpan } from '../dps/locate';
import { POLICY_KEYS, pssoEntry, usesSecureEnclave } from '../dps/psso';
import { defineRule } from './define';

const PAIRS = [
  { option: 'AllowOfflineGracePeriod', period: 'OfflineGracePeriod', what: 'how long the local password works offline after the last Platform SSO login' },
  {
    option: 'AllowAuthenticationGracePeriod',
    period: 'AuthenticationGracePeriod',
    what: 'how long unregistered local accounts can still sign in after a policy change',
  },
] as const;

/** Apple: a policy that allows a grace period needs the period itself, in seconds. */
export const gracePeriodMissing = defineRule({
  code: 'DPS423',
  name: 'grace-period-missing',
  severity: 'error',
  summary:
    'A PlatformSSO policy with AllowOfflineGracePeriod needs OfflineGracePeriod; with AllowAuthenticationGracePeriod it needs AuthenticationGracePeriod.',
  sources: ['appleExtensibleSso', 'applePlatformSso'],
  check(ctx) {
    for (const { doc, item } of ctx.deployment.allSso) {
      const psso = pssoEntry(item);
      // With Secure Enclave keys these options do nothing at all (DPS407 says so).
      if (!psso || usesSecureEnclave(psso.value)) continue;
      for (const pair of PAIRS) {
        if (getEntry(psso.value, pair.period)) continue;
        const uses: { policy: string; node: StringNode; index: number }[] = [];
        for (const policy of POLICY_KEYS) {
          stringItems(getEntry(psso.value, policy)?.value).forEach((node, index) => {
            if (node.value.trim() === pair.option) uses.push({ policy, node, index });
          });
        }
        if (uses.length === 0) continue;
        const [first, ...rest] = uses;
        const related: RelatedLocation[] = rest.map((u) => ({ documentId: doc.documentId, span: valueSpan(u.node), message: `${u.policy} also allows it` }));
        ctx.report(doc, {
          code: this.code,
          message: `${first.policy} has ${pair.option} but PlatformSSO has no ${pair.period}; add ${pair.period} (seconds: ${pair.what}).`,
          span: valueSpan(first.node),
          keyPath: `${keyPathIn(item, 'PlatformSSO', first.policy)}[${first.index}]`,
          related,
          // The length is a policy decision: offered, never applied on its own.
          fixes: [
            {
              title: `Add ${pair.period} of 24 hours (86400 seconds; adjust)`,
              edits: [insertEntry(ctx.textOf(doc), psso.value, pair.period, '<integer>86400</integer>')],
              safe: false,
            },
          ],
        });
      }
    }
  },
});
