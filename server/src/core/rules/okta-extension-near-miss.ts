import { getEntry, getString } from '../plist/ast';
import { ssoUrls, urlHost } from '../dps/deployment';
import { OKTA_EXTENSION_ID, OKTA_TEAM_ID, isOktaHost } from '../okta';
import { closest } from '../schema/validate';
import { replaceValue } from '../edit';
import { keyPathIn, valueSpan } from '../dps/locate';
import { defineRule } from './define';

/**
 * An SSO payload that is plainly meant for Okta Verify (Okta's TeamIdentifier, or URLs on the org's Okta host)
 * but names another extension: macOS loads no extension for it, and since the DPS rules look only at Okta's
 * extension, the deployment would otherwise pass clean.
 */
export const oktaExtensionNearMiss = defineRule({
  code: 'DPS435',
  name: 'okta-extension-near-miss',
  severity: 'error',
  summary: `An SSO payload with Okta's TeamIdentifier or URLs on the Okta org names an ExtensionIdentifier that is not ${OKTA_EXTENSION_ID} (a typo).`,
  sources: ['oktaProfiles', 'appleExtensibleSso'],
  check(ctx) {
    const d = ctx.deployment;
    for (const { doc, item } of d.allSso) {
      const node = getEntry(item.dict, 'ExtensionIdentifier')?.value;
      if (node?.kind !== 'string') continue;
      const id = node.value.trim();
      if (id === OKTA_EXTENSION_ID || id === '') continue;
      const oktaTeam = getString(item.dict, 'TeamIdentifier')?.trim() === OKTA_TEAM_ID;
      const hosts = ssoUrls(item)
        .map((u) => urlHost(u.value))
        .filter((h): h is string => h !== undefined);
      const oktaUrls = hosts.length > 0 && hosts.every((h) => h === d.orgHost || isOktaHost(h));
      const close = closest(id, [OKTA_EXTENSION_ID]) !== undefined || /okta/i.test(id);
      // Okta's team signs only this extension; URLs on the Okta org alone could belong to another vendor's
      // extension that serves Okta sign-in, so those need a look-alike identifier too.
      if (!oktaTeam && !(oktaUrls && close)) continue;
      const why = oktaTeam ? `its TeamIdentifier is Okta's (${OKTA_TEAM_ID})` : `its URLs are on the Okta org (${hosts[0]})`;
      ctx.report(doc, {
        code: this.code,
        message: `ExtensionIdentifier "${node.value}" is not Okta Verify's extension, but ${why}; macOS loads no extension for it. Did you mean "${OKTA_EXTENSION_ID}"?`,
        span: valueSpan(node),
        keyPath: keyPathIn(item, 'ExtensionIdentifier'),
        data: { suggestion: OKTA_EXTENSION_ID },
        // The rename picks Okta's extension for a payload that may have meant another; let the admin confirm.
        fixes: [
          { title: `Change to ${OKTA_EXTENSION_ID}`, edits: [replaceValue(node, { kind: 'string', value: OKTA_EXTENSION_ID })], preferred: true, safe: close },
        ],
      });
    }
  },
});
