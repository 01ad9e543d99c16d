import { getArray, getEntry, getString, getValue, type ArrayNode, type DictNode } from '../plist/ast';
import { authsrvEntries, stringItems } from '../dps/deployment';
import { filesAreWholeDeployment, NOT_AMONG_THE_FILES_HINT } from '../dps/psso';
import { OKTA_APP_IDS, OKTA_TEAM_ID, isOktaAppId, isTemplateOrg, isUnprefixedOktaAppId } from '../okta';
import { keyPathIn } from '../dps/locate';
import { formatVersion } from '../version';
import { indentUnit, insertArrayItem } from '../edit';
import type { Located } from '../dps/deployment';
import type { PayloadModel } from '../model';
import type { Fix } from '../problem';
import { defineRule } from './define';
import type { RuleContext } from './types';

/**
 * Okta Verify's SSO extension only receives the org's authentication requests
 * when its app ID is associated with `authsrv:<org host>`; from macOS 15 the
 * Okta Verify app's own ID needs the same entry.
 */
export const associatedDomainsAppIds = defineRule({
  code: 'DPS432',
  name: 'associated-domains-app-ids',
  severity: 'error',
  summary: `Associated Domains must map ${OKTA_APP_IDS.extension} (and, for macOS 15 and later, ${OKTA_APP_IDS.verify}) to authsrv:<org host>.`,
  sources: ['oktaProfiles', 'fleetGuide', 'appleAssociatedDomains'],
  check(ctx) {
    const d = ctx.deployment;
    if (!d.isDps) return;
    const host = d.orgHost;
    const knownHost = host && !isTemplateOrg(host) ? host : undefined;
    const authsrv = knownHost ? `authsrv:${knownHost}` : 'authsrv:<your-org>.okta.com';

    // Only payloads that already hold an Okta entry are judged (or fixed): another
    // vendor's associated domains are none of DPS's business.
    // An Okta app ID without its team prefix counts as the admin's attempt (DPS436 reports the missing prefix).
    const oktaPayloads = d.associatedDomains.filter((p) =>
      configItems(p.item).some((c) => {
        const id = getString(c, 'ApplicationIdentifier')?.trim() ?? '';
        return isOktaAppId(id) || isUnprefixedOktaAppId(id);
      }),
    );

    if (oktaPayloads.length === 0) {
      const sso = d.oktaSso[0];
      if (!sso) return;
      // Missing for certain only when these files are the whole deployment; otherwise it may be in another profile.
      const whole = filesAreWholeDeployment(d);
      ctx.report(sso.doc, {
        code: this.code,
        ...(whole ? {} : { severity: 'warning' as const }),
        message: `${whole ? 'The deployment has' : 'The checked files have'} no Associated Domains entry for Okta Verify; Desktop Password Sync needs an Associated Domains payload that maps ${OKTA_APP_IDS.extension} to ${authsrv}${ctx.deployment.target.version[0] >= 15 ? ` (and ${OKTA_APP_IDS.verify} to the same entry, for ${targetText(ctx)})` : ''}. Add it to this profile or deploy it with it.${whole ? '' : NOT_AMONG_THE_FILES_HINT}`,
        span: getEntry(sso.item.dict, 'ExtensionIdentifier')?.keySpan ?? sso.item.dict.openTag,
        keyPath: keyPathIn(sso.item, 'ExtensionIdentifier'),
      });
      return;
    }

    const wanted: { appId: string; severity: 'error' | 'warning'; why: string }[] = [
      { appId: OKTA_APP_IDS.extension, severity: 'error', why: "Okta Verify's SSO extension receives the org's authentication requests only through it" },
    ];
    if (d.target.version[0] >= 15) {
      wanted.push({ appId: OKTA_APP_IDS.verify, severity: 'warning', why: `from macOS 15 Okta Verify itself needs it too (${targetText(ctx)})` });
    }
    for (const want of wanted) {
      if (oktaPayloads.some((p) => hasAuthsrv(p.item, want.appId))) continue;
      reportMissing(ctx, this.code, oktaPayloads[0], want, authsrv, knownHost);
    }
  },
});

function targetText(ctx: RuleContext): string {
  const t = ctx.deployment.target;
  const v = formatVersion(t.version);
  return t.reason.includes(v) ? t.reason : `target macOS ${v}: ${t.reason}`;
}

function configItems(p: PayloadModel): DictNode[] {
  return (getArray(p.dict, 'Configuration')?.items ?? []).filter((i): i is DictNode => i.kind === 'dict');
}

function hasAuthsrv(p: PayloadModel, appId: string): boolean {
  return authsrvEntries(p).some((a) => a.appId === appId || (isUnprefixedOktaAppId(a.appId) && `${OKTA_TEAM_ID}.${a.appId}` === appId));
}

function reportMissing(
  ctx: RuleContext,
  code: string,
  target: Located<PayloadModel>,
  want: { appId: string; severity: 'error' | 'warning'; why: string },
  authsrv: string,
  knownHost: string | undefined,
) {
  const { doc, item } = target;
  const text = ctx.textOf(doc);
  const unit = indentUnit(text, item.dict);
  const config = getArray(item.dict, 'Configuration');
  const existing = configItems(item).find((c) => getString(c, 'ApplicationIdentifier')?.trim() === want.appId);
  const fixes: Fix[] = [];
  if (knownHost) {
    const existingDomains = existing ? getValue(existing, 'AssociatedDomains') : undefined;
    if (existing && existingDomains?.kind === 'array') {
      fixes.push({
        title: `Add ${authsrv} to ${want.appId}`,
        edits: [insertArrayItem(text, existingDomains, `<string>${authsrv}</string>`)],
        preferred: true,
        safe: true,
      });
    } else if (!existing && config) {
      fixes.push({
        title: `Add ${want.appId} → ${authsrv}`,
        edits: [insertArrayItem(text, config, configItemLines(want.appId, authsrv, unit))],
        preferred: true,
        safe: true,
      });
    }
  }
  const where = existing
    ? stringItems(getValue(existing, 'AssociatedDomains')).length
      ? `${want.appId} is listed without an authsrv: entry`
      : `${want.appId} is listed without domains`
    : `${want.appId} is missing`;
  ctx.report(doc, {
    code,
    severity: want.severity === 'warning' ? 'warning' : undefined,
    message: `${where} in the Associated Domains payload; add ${authsrv} for it: ${want.why}.`,
    span: configSpan(item, config),
    keyPath: keyPathIn(item, 'Configuration'),
    data: { appId: want.appId, authsrv },
    fixes,
  });
}

function configSpan(item: PayloadModel, config: ArrayNode | undefined) {
  if (config) return config.openTag;
  return getEntry(item.dict, 'PayloadType')?.value?.span ?? item.dict.openTag;
}

function configItemLines(appId: string, authsrv: string, unit: string): string[] {
  return [
    '<dict>',
    `${unit}<key>ApplicationIdentifier</key>`,
    `${unit}<string>${appId}</string>`,
    `${unit}<key>AssociatedDomains</key>`,
    `${unit}<array>`,
    `${unit}${unit}<string>${authsrv}</string>`,
    `${unit}</array>`,
    '</dict>',
  ];
}
