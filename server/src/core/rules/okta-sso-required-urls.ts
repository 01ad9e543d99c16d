import { getDict, getEntry, getValue, type PlistNode } from '../plist/ast';
import { ssoUrls } from '../dps/deployment';
import { DEVICE_SIGN_PATH, NONCE_PATH, TOKEN_PATH } from '../okta';
import { keyPathIn, valueSpan } from '../dps/locate';
import { insertArrayItem, insertEntry, replaceValue } from '../edit';
import type { Fix } from '../problem';
import { defineRule } from './define';
import { withoutTrailingSlashes } from '../text';

function hostAsWritten(url: string): string | undefined {
  return /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(url.trim())?.[1];
}

/** The path as written: macOS matches the scheme and host of an SSO URL without case, but not the path. */
function normalisePath(url: string): string {
  const m = /^[a-z]+:\/\/[^/]+(\/[^?#]*)?/i.exec(url.trim());
  return withoutTrailingSlashes(m?.[1] ?? '/');
}

/**
 * The Okta extension handles exactly the org's nonce and token endpoints (and
 * device-sign for Setup Assistant registration on macOS 26); without them the
 * registration request never reaches the extension.
 */
export const oktaSsoRequiredUrls = defineRule({
  code: 'DPS403',
  name: 'okta-sso-required-urls',
  severity: 'error',
  summary: `The Okta SSO extension's URLs must hold the org's ${NONCE_PATH} and ${TOKEN_PATH} endpoints (and ${DEVICE_SIGN_PATH} for Setup Assistant registration).`,
  sources: ['oktaProfiles', 'fleetGuide', 'applePlatformSso'],
  check(ctx) {
    const orgHost = ctx.deployment.orgHost;
    for (const { doc, item } of ctx.deployment.oktaSso) {
      const text = ctx.textOf(doc);
      const urlsEntry = getEntry(item.dict, 'URLs');
      const urls = ssoUrls(item);
      // The host exactly as written (case kept): it may be an MDM variable such as $OKTA_Domain, which is case-sensitive.
      const host = urls.map((u) => hostAsWritten(u.value)).find((h) => h !== undefined) ?? orgHost;
      const paths = new Set(urls.map((u) => normalisePath(u.value)));
      const required = [NONCE_PATH, TOKEN_PATH];
      const psso = getDict(item.dict, 'PlatformSSO');
      const setupRegistration = getValue(psso, 'EnableRegistrationDuringSetup');
      if (setupRegistration?.kind === 'boolean' && setupRegistration.value) required.push(DEVICE_SIGN_PATH);
      const missing = required.filter((p) => !paths.has(p));
      if (missing.length === 0) continue;
      const missingUrls = missing.map((p) => (host ? `https://${host}${p}` : `https://<your-org>.okta.com${p}`));
      const fixes: Fix[] = [];
      // The path written with other case: macOS compares paths case-sensitively, so it does not match.
      const miscased = missing.map((p) => urls.find((u) => normalisePath(u.value).toLowerCase() === p.toLowerCase())).filter((u) => u !== undefined);
      const caseNote = miscased.length
        ? ` (${miscased.map((u) => `"${u.value}"`).join(' and ')} differ${miscased.length > 1 ? '' : 's'} only in the case of the path, and macOS compares URL paths case-sensitively)`
        : '';
      if (host && miscased.length === missing.length) {
        fixes.push({
          title: 'Correct the case of the URL path',
          edits: miscased.map((u) =>
            replaceValue(u, {
              kind: 'string',
              value: u.value
                .trim()
                .replace(
                  /^([a-z][a-z0-9+.-]*:\/\/[^/]+)(\/[^?#]*)?/i,
                  (_all, origin: string, path: string | undefined) =>
                    `${origin}${missing.find((p) => p.toLowerCase() === withoutTrailingSlashes(path ?? '').toLowerCase()) ?? path ?? ''}`,
                ),
            }),
          ),
          preferred: true,
          safe: true,
        });
      } else if (host) {
        if (urlsEntry?.value?.kind === 'array') {
          fixes.push({
            title: `Add ${missingUrls.join(' and ')}`,
            edits: [
              insertArrayItem(
                text,
                urlsEntry.value,
                missingUrls.map((u) => `<string>${u}</string>`),
              ),
            ],
            preferred: true,
            safe: true,
          });
        } else if (!urlsEntry) {
          fixes.push({
            title: `Add URLs for ${host}`,
            edits: [insertEntry(text, item.dict, 'URLs', ['<array>', ...missingUrls.map((u) => `\t<string>${u}</string>`), '</array>'])],
            preferred: true,
            safe: true,
          });
        }
      }
      const span = urlsEntry
        ? urlsEntry.value
          ? spanOf(urlsEntry.value)
          : urlsEntry.keySpan
        : (getEntry(item.dict, 'ExtensionIdentifier')?.keySpan ?? item.dict.openTag);
      const why =
        missing.includes(DEVICE_SIGN_PATH) && missing.length === 1
          ? 'PlatformSSO.EnableRegistrationDuringSetup is on, so Setup Assistant registration also needs'
          : 'Desktop Password Sync needs';
      ctx.report(doc, {
        code: this.code,
        message: `${why} ${missingUrls.join(' and ')} in the Okta SSO extension's URLs${caseNote}.`,
        span,
        keyPath: keyPathIn(item, 'URLs'),
        data: { missing: missingUrls, host },
        fixes,
      });
    }
  },
});

function spanOf(node: PlistNode) {
  return node.kind === 'array' ? node.openTag : valueSpan(node);
}
