import { getValue, type StringNode } from '../plist/ast';
import { authsrvEntries, bareAuthsrvHost, isPlaceholder, majorityHost, orgUrlHost, ssoUrls, urlHost } from '../dps/deployment';
import type { ProfileDocument } from '../model';
import { keyPathOf } from '../model';
import { isOktaAppId, isOktaHost, isTemplateOrg } from '../okta';
import { valueSpan } from '../dps/locate';
import { memoByString } from '../dps/memo';
import { defineRule } from './define';

interface HostUse {
  doc: ProfileDocument;
  host: string;
  /** The value naming the host; its span and key path are worked out only for a use that is reported. */
  node: StringNode;
  what: string;
  weight: number;
}

/**
 * Okta: the SSO URLs, the `authsrv:` associated domain and OktaVerify.OrgUrl
 * all name the same org (the custom domain everywhere if there is one). Each
 * value that disagrees with the majority is reported where it stands.
 */
export const orgHostConsistent = defineRule({
  code: 'DPS430',
  name: 'org-host-consistent',
  severity: 'error',
  summary: 'The Okta SSO URLs, the authsrv: associated domains and OktaVerify.OrgUrl must all name the same Okta org host.',
  sources: ['oktaProfiles'],
  check(ctx) {
    const d = ctx.deployment;
    if (!d.isDps) return;
    const uses: HostUse[] = [];
    // A large deployment repeats the same few values and hosts: each is judged once.
    const ssoHost = memoByString((url) => realHost(urlHost(url)));
    const orgUrlHostOf = memoByString((url) => realHost(orgUrlHost(url)));
    const authsrvHost = memoByString((entry) => realHost(bareAuthsrvHost(entry)));
    const isTemplate = memoByString(isTemplateOrg);
    // Weights as in primaryOrgHost: SSO URLs count most, then OrgUrl, then authsrv.
    for (const { doc, item } of d.oktaSso) {
      for (const node of ssoUrls(item)) {
        const host = ssoHost(node.value);
        if (host) uses.push({ doc, host, node, what: 'SSO URL', weight: 3 });
      }
    }
    for (const { doc, item } of d.oktaSettings) {
      const node = getValue(item.dict, 'OktaVerify.OrgUrl');
      if (node?.kind !== 'string') continue;
      const host = orgUrlHostOf(node.value);
      if (host) uses.push({ doc, host, node, what: `OktaVerify.OrgUrl (${item.domain})`, weight: 2 });
    }
    for (const { doc, item } of d.associatedDomains) {
      for (const a of authsrvEntries(item)) {
        if (!isOktaAppId(a.appId)) continue;
        const host = authsrvHost(a.node.value);
        if (host) uses.push({ doc, host, node: a.node, what: `authsrv: domain of ${a.appId}`, weight: 1 });
      }
    }
    if (uses.length < 2) return;

    // The majority among real values: a template host left somewhere must not outvote
    // them, and with nothing but template hosts there is no org to compare against.
    const real = uses.filter((u) => !isTemplate(u.host));
    if (real.length === 0) return;
    const primary = d.orgHost;
    const majority = primary && real.some((u) => u.host === primary) ? primary : majorityHost(real);
    if (!majority) return;
    const anchor = uses.find((u) => u.host === majority);
    if (!anchor) return;

    for (const u of uses) {
      if (u.host === majority) continue;
      if (isTemplate(u.host)) continue; // DPS442 reports a template OrgUrl, DPS434 one in the SSO URLs or an authsrv: entry
      const customVsOkta = isOktaHost(u.host) !== isOktaHost(majority);
      const template = isTemplateOrg(u.host) ? ' (a template value that was never filled in)' : '';
      const advice = !customVsOkta
        ? `Use ${majority} here.`
        : isOktaHost(majority)
          ? `If ${u.host} is your org's custom domain, use it everywhere (SSO URLs, authsrv: domains and OktaVerify.OrgUrl); otherwise use ${majority} here.`
          : `With a custom domain, Okta wants it everywhere: use ${majority} here.`;
      ctx.report(u.doc, {
        code: this.code,
        severity: customVsOkta ? 'warning' : undefined,
        message: `This ${u.what} names ${u.host}${template}, but the rest of the deployment uses ${majority}; Okta needs one org host everywhere. ${advice}`,
        span: valueSpan(u.node),
        keyPath: keyPathOf(u.node),
        related: [{ documentId: anchor.doc.documentId, span: valueSpan(anchor.node), message: `${anchor.what} names ${majority}` }],
        data: { host: u.host, majority },
      });
    }
  },
});

/** A host, unless it is (or holds) an MDM variable such as $ORG_HOST or %host%. */
function realHost(host: string | undefined): string | undefined {
  return host && !isPlaceholder(host) && !/[$%{}]/.test(host) ? host : undefined;
}
