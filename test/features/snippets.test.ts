// snippets/mobileconfig.json: generated from the core's templates (the same ones payload completion
// inserts), expanded as VS Code would (fresh $UUID each, placeholders at their defaults) and checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../server/src/core/check';
import { DEFAULT_CLIENT_ID, DEFAULT_ORG, PAYLOAD_TEMPLATES, PROFILE_TEMPLATES, newUuid, renderTemplate } from '../../server/src/core/features';
import { expandSnippet, root } from './helpers';

interface Snippet {
  prefix: string[];
  description: string;
  body: string[];
}
const snippets = JSON.parse(readFileSync(path.join(root, 'snippets', 'mobileconfig.json'), 'utf8')) as Record<string, Snippet>;
const SNIPPET_VALUES = { uuid: () => '$UUID', org: `\${1:${DEFAULT_ORG}}`, clientId: `\${2:${DEFAULT_CLIENT_ID}}` };

function expand(s: Snippet): string {
  return expandSnippet(s.body.join('\n').replace(/\$UUID/g, () => newUuid())) + '\n';
}

/** A payload snippet is inserted into a profile's PayloadContent. */
function inProfile(payload: string): string {
  const indented = payload
    .trimEnd()
    .split('\n')
    .map((l) => `\t\t${l}`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>PayloadContent</key>\n\t<array>\n${indented}\n\t</array>\n\t<key>PayloadIdentifier</key>\n\t<string>com.example.test</string>\n\t<key>PayloadScope</key>\n\t<string>System</string>\n\t<key>PayloadType</key>\n\t<string>Configuration</string>\n\t<key>PayloadUUID</key>\n\t<string>${newUuid()}</string>\n\t<key>PayloadVersion</key>\n\t<integer>1</integer>\n</dict>\n</plist>\n`;
}

const codes = (text: string) => checkText(text, { documentId: 'snippet.mobileconfig' }).problems.map((p) => p.code);
const syntaxOrSchema = (list: string[]) => list.filter((c) => /^DPS[123]\d\d$/.test(c));

test('the snippets file is the templates rendered with $UUID and the two placeholders', () => {
  const expected: Record<string, Snippet> = {};
  for (const t of PROFILE_TEMPLATES)
    expected[t.label] = { prefix: [`dps-${t.id}`], description: t.description, body: renderTemplate(t.lines, SNIPPET_VALUES, true) };
  for (const t of PAYLOAD_TEMPLATES)
    expected[t.label] = { prefix: [`dps-payload-${t.id}`], description: t.description, body: renderTemplate(t.lines, SNIPPET_VALUES, true) };
  assert.deepEqual(snippets, expected);
});

test('every PayloadUUID comes from $UUID, so each insert has fresh ones', () => {
  for (const [name, s] of Object.entries(snippets)) {
    const body = s.body.join('\n');
    const uuids = [...body.matchAll(/<key>PayloadUUID<\/key>\s*<string>([^<]*)<\/string>/g)].map((m) => m[1]);
    assert.ok(uuids.length >= 1, name);
    for (const u of uuids) assert.equal(u, '$UUID', name);
    const expanded = expand(s);
    const values = [...expanded.matchAll(/<key>PayloadUUID<\/key>\s*<string>([^<]*)<\/string>/g)].map((m) => m[1]);
    assert.equal(new Set(values).size, values.length, `${name}: distinct UUIDs`);
  }
});

// With the default placeholders the DPS rules point at exactly what the user must still fill in:
// the client ID "client-id" (DPS440) and the template org "your-org.okta.com" in OktaVerify.OrgUrl
// of both Okta Verify domains (DPS442 twice); for PSSO 2.0 also the Device Access SCEP URL on the template org
// (DPS452). Filling ${1} fixes the SSO URLs, associated domains and the SCEP host too.
const PROFILE_EXPECTATIONS: Record<string, string[]> = {
  // The template org host is left in the SSO URLs and authsrv: entries too (DPS434).
  'Okta DPS profile, Platform SSO 2.0 (macOS 14+)': ['DPS434', 'DPS434', 'DPS434', 'DPS434', 'DPS440', 'DPS442', 'DPS442', 'DPS452'],
  'Okta DPS profile, Platform SSO 1.0 (macOS 13)': ['DPS434', 'DPS434', 'DPS434', 'DPS440', 'DPS442', 'DPS442'],
};

test('the full profiles have no syntax or schema problems, only the placeholder DPS problems', () => {
  for (const [name, expected] of Object.entries(PROFILE_EXPECTATIONS)) {
    const snippet = snippets[name];
    assert.ok(snippet, name);
    const found = codes(expand(snippet));
    assert.deepEqual(syntaxOrSchema(found), [], name);
    assert.deepEqual([...found].sort(), expected, `${name}: ${found.join(', ')}`);
  }
});

test('with real values filled in, the full profiles check clean', () => {
  for (const name of Object.keys(PROFILE_EXPECTATIONS)) {
    const filled = expand(snippets[name]).replaceAll(DEFAULT_ORG, 'acme.okta.com').replaceAll(`>${DEFAULT_CLIENT_ID}<`, '>0oa1b2c3d4e5f6g7h8i9<');
    assert.deepEqual(codes(filled), [], name);
  }
});

test('each payload snippet, inserted into a profile, has no syntax or schema problems', () => {
  for (const t of PAYLOAD_TEMPLATES) {
    const found = codes(inProfile(expand(snippets[t.label])));
    assert.deepEqual(syntaxOrSchema(found), [], `${t.label}: ${found.join(', ')}`);
  }
});
