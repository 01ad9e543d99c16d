import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bracketedNames, hasTemplateOrgVariable } from '../server/src/core/okta/template-values';

// bracketedNames replaced a regular expression that backtracked for minutes on `{{` and a long run of spaces; it must
// find what that expression found, on every string.
const REFERENCE = /\{\{\s*([^{}]*?)\s*\}\}|\{([^{}]*)\}|<([^<>]*)>/g;
const byReference = (value: string) => [...value.matchAll(REFERENCE)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');

test('bracketedNames finds what the old expression found, on 20,000 random strings of braces, brackets and spaces', () => {
  const alphabet = ['{', '}', '<', '>', ' ', '\t', 'o', 'r', 'g', '-', '.'];
  let seed = 12345;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let round = 0; round < 20_000; round++) {
    const value = Array.from({ length: random(16) }, () => alphabet[random(alphabet.length)]).join('');
    assert.deepEqual([...bracketedNames(value)], byReference(value), JSON.stringify(value));
  }
});

test('bracketedNames on the forms templates use', () => {
  for (const value of [
    'https://{{org}}.okta.com',
    'https://{{ org }}.okta.com',
    'https://{orgName}.okta.com',
    'https://<tenant>.okta.com',
    '{{{a}}}',
    '{{x}',
    '<a<b>',
    '{{}}',
  ])
    assert.deepEqual([...bracketedNames(value)], byReference(value), value);
  assert.equal(hasTemplateOrgVariable('https://{{ org }}.okta.com/oauth2/v1/token'), true);
  assert.equal(hasTemplateOrgVariable('https://acme.okta.com/oauth2/v1/token'), false);
});
