import type { StringNode } from '../plist/ast';
import { authsrvEntries, bareAuthsrvHost, ssoUrls, urlHost } from '../dps/deployment';
import { isPlaceholder } from '../placeholders';
import type { ProfileDocument } from '../model';
import { keyPathOf } from '../model';
import { hasTemplateOrgVariable, isOktaAppId, isTemplateOrg, isUnprefixedOktaAppId, replaceCommentNear } from '../okta';
import { valueSpan } from '../dps/locate';
import type { RuleContext } from './types';
import { memoByString } from '../dps/memo';
import { defineRule } from './define';

/**
 * Vendor templates ship a demo or placeholder org (`accuhive.okta.com`, `yourorg.okta.com`, `{{org}}`) in every
 * place the org host goes, not only in OktaVerify.OrgUrl. Left in the SSO URLs or an authsrv: entry, the Mac sends
 * the org's requests to a tenant that is not yours (or to none), and registration never starts.
 */
export const templateOrgHost = defineRule({
  code: 'DPS434',
  name: 'template-org-host',
  severity: 'error',
  summary:
    'An Okta SSO URL or authsrv: entry still holds a template org host (accuhive.okta.com, yourorg.okta.com, {{org}}, or a value a comment says to replace).',
  sources: ['oktaProfiles', 'fleetGuide', 'kandjiTemplates'],
  check(ctx) {
    const d = ctx.deployment;
    if (!d.isDps) return;
    // A large deployment repeats the same few values: each is judged once (the comment next to it is per place).
    const tests: ValueTests = {
      orgVariable: memoByString(hasTemplateOrgVariable),
      mdmVariable: memoByString(isPlaceholder),
      templateHost: memoByString(isTemplateOrg),
    };
    for (const { doc, item } of d.oktaSso) {
      for (const node of ssoUrls(item)) judge(ctx, this.code, doc, node, 'the Okta SSO URL', urlHost(node.value), tests);
    }
    for (const { doc, item } of d.associatedDomains) {
      for (const a of authsrvEntries(item)) {
        if (!isOktaAppId(a.appId) && !isUnprefixedOktaAppId(a.appId)) continue;
        judge(ctx, this.code, doc, a.node, 'the authsrv: entry', bareAuthsrvHost(a.node.value), tests);
      }
    }
  },
});

interface ValueTests {
  orgVariable: (value: string) => boolean;
  mdmVariable: (value: string) => boolean;
  templateHost: (host: string) => boolean;
}

function judge(ctx: RuleContext, code: string, doc: ProfileDocument, node: StringNode, what: string, host: string | undefined, tests: ValueTests) {
  const value = node.value.trim();
  if (value === '') return;
  let why: string | undefined;
  // A comment is weaker evidence than the value itself: it may have outlived the template (a warning, not an error).
  let onlyComment = false;
  if (tests.orgVariable(value)) why = "holds a template's org variable";
  else if (!tests.mdmVariable(value) && host && tests.templateHost(host)) why = `names the template org host ${host}`;
  else if (!tests.mdmVariable(value)) {
    const comment = replaceCommentNear(ctx.textOf(doc), node.span, value);
    if (comment) {
      why = `sits under the template comment "${comment.length > 80 ? `${comment.slice(0, 79)}…` : comment}"`;
      onlyComment = true;
    }
  }
  if (!why) return;
  ctx.report(doc, {
    code,
    ...(onlyComment ? { severity: 'warning' as const } : {}),
    message: `${what.charAt(0).toUpperCase()}${what.slice(1)} "${node.value}" ${why}; replace it with your own Okta org host (https://<your-org>.okta.com, or your custom domain), the same one everywhere.${onlyComment ? ' If it already is yours, delete the comment.' : ''}`,
    span: valueSpan(node),
    keyPath: keyPathOf(node),
    data: { host },
  });
}
