// Inlay hints, code lenses, document links and the hover's source links, as pure functions of the core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkDeployment, checkText } from '../../server/src/core/check';
import { codeLenses, documentLinks, hoverAt, humanDuration, inlayHints, keyUsageNames } from '../../server/src/core/features';
import { normalizeSettings } from '../../server/src/core/settings';
import { readFixture, root } from './helpers';

const example = readFileSync(path.join(root, 'examples', 'okta-dps-psso2.mobileconfig'), 'utf8');

function profile(payloadBody: string, extraPayloads = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
\t<key>PayloadContent</key>
\t<array>
\t\t<dict>
\t\t\t<key>PayloadType</key>
\t\t\t<string>com.apple.extensiblesso</string>
${payloadBody}
\t\t</dict>
${extraPayloads}
\t</array>
\t<key>PayloadType</key>
\t<string>Configuration</string>
</dict>
</plist>
`;
}

const hintAfter = (text: string, hints: { offset: number; label: string }[], needle: string) =>
  hints.find((h) => h.offset === text.indexOf(needle) + needle.length)?.label;

test('durations read as days, hours and minutes', () => {
  assert.equal(humanDuration(64800), '18 hours');
  assert.equal(humanDuration(86400), '1 day');
  assert.equal(humanDuration(93600), '1 day 2 hours');
  assert.equal(humanDuration(90061), '≈ 1 day 1 hour');
  assert.equal(humanDuration(90), '1 minute 30 seconds');
  assert.equal(humanDuration(59), undefined);
  assert.equal(humanDuration(Number.NaN), undefined);
});

test('Key Usage bit masks read as names', () => {
  assert.equal(keyUsageNames(1), 'signing');
  assert.equal(keyUsageNames(4), 'encryption');
  assert.equal(keyUsageNames(5), 'signing + encryption');
  assert.equal(keyUsageNames(0), 'no use');
  assert.equal(keyUsageNames(7), 'signing + encryption + unknown bits 2');
});

test('inlay hints: seconds keys from the schema, Key Usage, the org host of SSO URLs', () => {
  const text = profile(
    `\t\t\t<key>URLs</key>
\t\t\t<array>
\t\t\t\t<string>https://acme.okta.com/device-access/api/v1/nonce</string>
\t\t\t\t<string>https://other.okta.com/oauth2/v1/token</string>
\t\t\t\t<string>https://$OKTA_HOST/oauth2/v1/token</string>
\t\t\t</array>
\t\t\t<key>PlatformSSO</key>
\t\t\t<dict>
\t\t\t\t<key>LoginFrequency</key>
\t\t\t\t<integer>64800</integer>
\t\t\t\t<key>OfflineGracePeriod</key>
\t\t\t\t<integer>604800</integer>
\t\t\t\t<key>AccountDisplayName</key>
\t\t\t\t<string>64800</string>
\t\t\t</dict>`,
    `\t\t<dict>
\t\t\t<key>PayloadType</key>
\t\t\t<string>com.apple.security.scep</string>
\t\t\t<key>PayloadContent</key>
\t\t\t<dict>
\t\t\t\t<key>Key Usage</key>
\t\t\t\t<integer>5</integer>
\t\t\t</dict>
\t\t</dict>`,
  );
  const doc = checkText(text, { documentId: 'x.mobileconfig' }).document;
  const hints = inlayHints(doc, { orgHost: 'acme.okta.com' });
  assert.equal(hintAfter(text, hints, '<integer>64800</integer>'), '= 18 hours');
  assert.equal(hintAfter(text, hints, '<integer>604800</integer>'), '= 7 days');
  assert.equal(hintAfter(text, hints, '<string>64800</string>'), undefined, 'a string is not a duration');
  assert.equal(hintAfter(text, hints, '<integer>5</integer>'), '= signing + encryption');
  assert.equal(hintAfter(text, hints, 'nonce</string>'), '✓ org host');
  assert.equal(hintAfter(text, hints, 'other.okta.com/oauth2/v1/token</string>'), '≠ org host acme.okta.com');
  assert.equal(hintAfter(text, hints, '$OKTA_HOST/oauth2/v1/token</string>'), '→ acme.okta.com');
  // Only the visible range.
  const start = text.indexOf('<key>LoginFrequency');
  const visible = inlayHints(doc, { orgHost: 'acme.okta.com', range: { start, end: start + 60 } });
  assert.deepEqual(
    visible.map((h) => h.label),
    ['= 18 hours'],
  );
});

test('inlay hints on the PSSO 2.0 example: Key Usage of the Device Access certificate', () => {
  const result = checkText(example, { documentId: 'okta-dps-psso2.mobileconfig' });
  const hints = inlayHints(result.document, { orgHost: result.deployment.orgHost });
  assert.ok(hints.some((h) => h.label === '= signing'));
  assert.ok(hints.some((h) => h.label === '✓ org host'));
});

test('code lenses above each Extensible SSO payload: preview on 14, 15, 26, and problems elsewhere in the deployment', () => {
  const sso = readFixture('extras', 'sso.mobileconfig');
  const settings = readFixture('extras', 'com.okta.mobile.plist');
  const results = checkDeployment([
    { documentId: 'file:///d/sso.mobileconfig', fileName: 'sso.mobileconfig', text: sso },
    { documentId: 'file:///d/com.okta.mobile.plist', fileName: 'com.okta.mobile.plist', text: settings },
  ]);
  const [ssoResult, other] = results;
  const otherDps = other.problems.filter((p) => /^DPS[456]\d\d$/.test(p.code)).length;
  assert.ok(otherDps > 0, 'the settings file has deployment problems (template client ID)');
  const lenses = codeLenses(
    ssoResult.document,
    results.map((r) => ({ documentId: r.documentId, problems: r.problems })),
  );
  assert.deepEqual(
    lenses.map((l) => l.title),
    ['Preview on macOS 14', 'macOS 15', 'macOS 26', `${otherDps} problem${otherDps === 1 ? '' : 's'} in other files of this deployment`],
  );
  const payloadOpen = sso.indexOf('<dict>', sso.indexOf('<array>'));
  for (const l of lenses) assert.equal(l.span.start, payloadOpen);
  assert.deepEqual(lenses[1].arguments, [{ uri: 'file:///d/sso.mobileconfig', macOS: '15' }]);
  assert.equal(lenses[0].command, 'dpsProfiles.showPreview');
  // Alone, no problems elsewhere; a file without an SSO payload has no lens.
  assert.equal(codeLenses(ssoResult.document, []).length, 3);
  assert.deepEqual(
    codeLenses(
      other.document,
      results.map((r) => ({ documentId: r.documentId, problems: r.problems })),
    ),
    [],
  );
});

test('document links for the https values of URLs, not for variables or other keys', () => {
  const text = profile(`\t\t\t<key>URLs</key>
\t\t\t<array>
\t\t\t\t<string> https://acme.okta.com/oauth2/v1/token </string>
\t\t\t\t<string>https://$OKTA_HOST/device-access/api/v1/nonce</string>
\t\t\t\t<string>http://acme.okta.com/x</string>
\t\t\t</array>
\t\t\t<key>ExtensionIdentifier</key>
\t\t\t<string>https://acme.okta.com</string>`);
  const links = documentLinks(checkText(text, { documentId: 'x.mobileconfig' }).document);
  assert.deepEqual(
    links.map((l) => l.target),
    ['https://acme.okta.com/oauth2/v1/token'],
  );
  assert.equal(text.slice(links[0].span.start, links[0].span.end), 'https://acme.okta.com/oauth2/v1/token');
});

test('hover on a key links the Apple catalog page of its payload, or Okta for Okta Verify settings', () => {
  const result = checkText(example, { documentId: 'okta-dps-psso2.mobileconfig' });
  const at = (needle: string) => hoverAt(result.document, example.indexOf(needle) + 6)?.contents ?? '';
  assert.match(
    at('<key>TeamIdentifier'),
    /\[Apple: com\.apple\.extensiblesso\]\(https:\/\/github\.com\/apple\/device-management\/blob\/release\/mdm\/profiles\/com\.apple\.extensiblesso\.yaml\)/,
  );
  assert.match(at('<key>PayloadScope'), /TopLevel\.yaml/);
  const settings = readFileSync(path.join(root, 'examples', 'com.okta.mobile.auth-service-extension.plist'), 'utf8');
  const s = checkText(settings, { documentId: 'com.okta.mobile.auth-service-extension.plist', fileName: 'com.okta.mobile.auth-service-extension.plist' });
  const hover = hoverAt(s.document, settings.indexOf('<key>OktaVerify.OrgUrl') + 6)?.contents ?? '';
  assert.match(hover, /\(https:\/\/help\.okta\.com\//);
});

test('the inlayHints.enabled setting: on by default, a boolean, bad values dropped with a warning', () => {
  assert.equal(normalizeSettings({}).settings.inlayHints, undefined);
  assert.deepEqual(normalizeSettings({ inlayHints: { enabled: false } }).settings.inlayHints, { enabled: false });
  const bad = normalizeSettings({ inlayHints: { enabled: 'no' } });
  assert.equal(bad.settings.inlayHints, undefined);
  assert.deepEqual(bad.warnings, ['"inlayHints.enabled" must be true or false']);
});
