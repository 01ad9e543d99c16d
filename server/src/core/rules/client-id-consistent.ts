import { getValue, type Span, type StringNode } from '../plist/ast';
import { isPlaceholder } from '../dps/deployment';
import { OKTA_EXTENSION_DOMAIN, isTemplateValue } from '../okta';
import { valueSpan } from '../dps/locate';
import { replaceValue } from '../edit';
import { joinKeyPath, type ProfileDocument } from '../model';
import { defineRule } from './define';
import type { RuleContext } from './types';

const KEY = 'OktaVerify.PasswordSyncClientID';

interface ClientIdUse {
  doc: ProfileDocument;
  node: StringNode;
  value: string;
  span: Span;
  keyPath: string;
  domain: string;
}

/**
 * One deployment registers with one Okta app: every copy of the client ID
 * (both Okta domains, every profile) must be the same, or whichever copy
 * macOS happens to read decides which app the device registers with. The
 * macOS 13 and the macOS 14+ configurations of a mixed deployment are Okta's
 * "separate instances" for different Macs, each with its own app: each is
 * compared on its own, and a copy that belongs to neither must match one.
 */
export const clientIdConsistent = defineRule({
  code: 'DPS441',
  name: 'client-id-consistent',
  severity: 'error',
  summary: `Every ${KEY} in the deployment must hold the same client ID.`,
  sources: ['oktaProfiles', 'oktaMacos14'],
  check(ctx) {
    const d = ctx.deployment;
    if (!d.isDps) return;
    const uses: ClientIdUse[] = [];
    for (const { doc, item } of d.oktaSettings) {
      const v = getValue(item.dict, KEY);
      if (v?.kind !== 'string') continue;
      const value = v.value.trim();
      // Empty, template and MDM-variable values are DPS440's business, not a second client ID.
      if (value === '' || isPlaceholder(value) || isTemplateValue(value)) continue;
      uses.push({ doc, node: v, value, span: valueSpan(v), keyPath: joinKeyPath(item.keyPath, KEY), domain: item.domain });
    }
    const groups = (d.mixedPsso ? (['1.0', '2.0'] as const).map((v) => uses.filter((u) => d.pssoVersionOf.get(u.doc) === v)) : [uses]).filter(
      (g) => g.length > 0,
    );
    const majorities = groups.map(majorityOf);
    const unplaced = d.mixedPsso ? uses.filter((u) => !d.pssoVersionOf.has(u.doc)) : [];
    groups.forEach((group, i) => report(ctx, this.code, group, majorities[i]));
    // A copy outside both halves (an Okta Verify profile shared by the two) is wrong only if it matches neither.
    if (majorities.length > 0)
      report(
        ctx,
        this.code,
        unplaced.filter((u) => !majorities.some((m) => m.value === u.value)),
        majorities[0],
      );
  },
});

/** The client ID most copies hold; on a tie, the copy in the extension's domain wins: that is the one Okta reads. */
function majorityOf(uses: readonly ClientIdUse[]): { value: string; anchor: ClientIdUse } {
  const counts = new Map<string, number>();
  for (const u of uses) counts.set(u.value, (counts.get(u.value) ?? 0) + (u.domain === OKTA_EXTENSION_DOMAIN ? 1.5 : 1));
  let majority = uses[0].value;
  for (const [v, n] of counts) if (n > (counts.get(majority) ?? 0)) majority = v;
  return { value: majority, anchor: uses.find((u) => u.value === majority)! };
}

function report(ctx: RuleContext, code: string, uses: readonly ClientIdUse[], { value: majority, anchor }: { value: string; anchor: ClientIdUse }) {
  for (const u of uses) {
    if (u.value === majority) continue;
    ctx.report(u.doc, {
      code,
      message: `${KEY} here is "${u.value}" but elsewhere in the deployment it is "${majority}"; one deployment registers with one Desktop Password Sync app, so use the same client ID everywhere (check which one the app's Sign On tab shows).`,
      span: u.span,
      keyPath: u.keyPath,
      related: [{ documentId: anchor.doc.documentId, span: anchor.span, message: `${KEY} "${majority}" (${anchor.domain})` }],
      data: { value: u.value, majority },
      fixes: [{ title: `Use "${majority}"`, edits: [replaceValue(u.node, { kind: 'string', value: majority })], preferred: true, safe: false }],
    });
  }
}
