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
 * "separate instances" for different Macs, each with its own app: each half is
 * compared on its own, and a copy that belongs to neither reaches both halves'
 * Macs, so it must match each.
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
    // A mixed deployment: each half on its own (the copies of one half, with those that belong to no half).
    const halves = d.mixedPsso ? (['1.0', '2.0'] as const).map((v) => uses.filter((u) => d.pssoVersionOf.get(u.doc) === v)).filter((g) => g.length > 0) : [];
    if (halves.length === 0) {
      if (uses.length > 0) report(ctx, this.code, uses, majorityOf(uses));
      return;
    }
    const shared = uses.filter((u) => !d.pssoVersionOf.has(u.doc));
    const reported = new Set<ClientIdUse>();
    for (const half of halves) {
      const majority = majorityOf(half);
      // A copy that belongs to no half reaches the Macs of both: it must match each (reported once, for the first).
      const judged = [...half, ...shared.filter((u) => !reported.has(u))];
      for (const u of report(ctx, this.code, judged, majority)) reported.add(u);
    }
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

/** Reports every use whose client ID is not the majority's; returns them. */
function report(
  ctx: RuleContext,
  code: string,
  uses: readonly ClientIdUse[],
  { value: majority, anchor }: { value: string; anchor: ClientIdUse },
): ClientIdUse[] {
  const out: ClientIdUse[] = [];
  for (const u of uses) {
    if (u.value === majority) continue;
    out.push(u);
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
  return out;
}
