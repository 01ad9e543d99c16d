import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDeployment, checkText } from '../server/src/core';
import { replaceCommentNear } from '../server/src/core/okta';
import { repoRoot } from './helpers/corpus';
import { HEAD } from './helpers/fuzz-documents';

// Okta's advice stays with Okta deployments: a rule that applies to any profile (a literal client secret, DPS496)
// speaks of Okta's Desktop Password Sync app only where the deployment is one.

const DPS_EXAMPLE = readFileSync(join(repoRoot, 'examples', 'okta-dps-psso2.mobileconfig'), 'utf8');

const XCREDS_LIKE = `${HEAD}<plist version="1.0">
<dict>
  <key>PayloadContent</key>
  <array>
    <dict>
      <key>PayloadType</key><string>com.twocanoes.xcreds</string>
      <key>PayloadIdentifier</key><string>com.example.xcreds.settings</string>
      <key>PayloadUUID</key><string>4E0B1C2D-3A4B-4C5D-8E6F-7A8B9C0D1E2F</string>
      <key>PayloadVersion</key><integer>1</integer>
      <key>discoveryURL</key><string>https://example.auth0.com/.well-known/openid-configuration</string>
      <key>clientSecret</key><string>s3cr3t-value-from-auth0</string>
    </dict>
  </array>
  <key>PayloadDisplayName</key><string>XCreds (Auth0)</string>
  <key>PayloadIdentifier</key><string>com.example.xcreds</string>
  <key>PayloadType</key><string>Configuration</string>
  <key>PayloadUUID</key><string>5F1C2D3E-4B5C-4D6E-9F7A-8B9C0D1E2F3A</string>
  <key>PayloadVersion</key><integer>1</integer>
</dict>
</plist>
`;

const secretMessage = (problems: { code: string; message: string }[]) => {
  const p = problems.find((x) => x.code === 'DPS496');
  assert.ok(p, 'DPS496 reported');
  return p.message;
};

test("DPS496 on another identity provider's profile gives no advice about Okta's public client", () => {
  const message = secretMessage(checkText(XCREDS_LIKE, { documentId: 'xcreds.mobileconfig' }).problems);
  assert.doesNotMatch(message, /Okta|public client/);
  assert.match(message, /literal secret/);
});

test('DPS496 in an Okta DPS deployment says that the DPS app is a public client', () => {
  const [xcreds] = checkDeployment([
    { documentId: 'xcreds.mobileconfig', text: XCREDS_LIKE },
    { documentId: 'okta-dps-psso2.mobileconfig', text: DPS_EXAMPLE },
  ]);
  assert.match(secretMessage(xcreds.problems), /public client \(such as Okta's Desktop Password Sync app\)/);
});

test('a "replace … with your org" comment marks a value only while the value still holds what it names', () => {
  const near = (comment: string, value: string) => {
    const text = `<array>\n\t<!-- ${comment} -->\n\t<string>${value}</string>\n</array>`;
    const start = text.indexOf(value);
    return replaceCommentNear(text, { start, end: start + value.length }, value) !== undefined;
  };
  // Kandji's and other templates' comments, above the template value and above the admin's own.
  assert.equal(near('replace accuhive.okta.com with your tenant address', 'https://accuhive.okta.com/oauth2/v1/token'), true);
  assert.equal(near('replace accuhive.okta.com with your tenant address', 'https://acme.okta.com/oauth2/v1/token'), false);
  assert.equal(near('Replace https://yourorg.okta.com with your Okta domain', 'https://acme.okta.com/oauth2/v1/token'), false);
  assert.equal(near('Replace authsrv:yourorg.okta.com with your org', 'authsrv:acme.okta.com'), false);
  assert.equal(near('Replace acme with your tenant name', 'authsrv:acme.okta.com'), true);
  // A word counts only whole, and a comment that names nothing in particular says nothing about the value.
  assert.equal(near('Replace acme with your tenant name', 'authsrv:acmecorp.okta.com'), false);
  assert.equal(near('Replace this with your org URL', 'https://example.okta.com'), false);
});
