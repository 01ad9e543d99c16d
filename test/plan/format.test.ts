/** The plan's renderers: markdown a PR can show safely, HTML through the preview's escaper, text for terminals. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatPlanMarkdown, formatPlanText, mdCode, mdText, planChange, renderPlanFragment } from '../../server/src/core/plan';

const examples = resolve(__dirname, '..', '..', '..', 'examples');
const psso2 = readFileSync(join(examples, 'okta-dps-psso2.mobileconfig'), 'utf8');
const HOSTILE = 'com.example.<img src=x onerror=alert(1)>|`x`**y**[z](javascript:alert(1))';

function hostilePlan() {
  const before = psso2.replace(
    '<string>com.example.okta.dps.psso2</string>',
    `<string>${HOSTILE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</string>`,
  );
  const after = before.replace('7B28FA8B-B57A-4275-BF4C-CD30F19E5F2E', 'A1B2C3D4-E5F6-4789-8ABC-DEF012345678');
  return planChange([{ documentId: 'p/a.mobileconfig', text: before }], [{ documentId: 'p/a.mobileconfig', text: after }], { base: 'main', head: 'PR' });
}

test('mdCode and mdText: nothing a profile holds breaks out of a code span, a table cell or into HTML', () => {
  assert.equal(mdCode('a`b'), '`` a`b ``');
  assert.equal(mdCode('x|y'), '`x¦y`');
  assert.doesNotMatch(mdText('<b>|[x](y)'), /[<>|[\]]/);
});

test('markdown: a hostile profile identifier stays text (no HTML, no link, no broken table)', () => {
  const md = formatPlanMarkdown(hostilePlan());
  assert.ok(md.includes('com.example.<img'), 'the identifier is shown, inside a code span');
  // Outside code spans (where GitHub shows everything literally) no HTML but our own folding, and no link but the sources.
  const outside = md.replace(/(`+)[\s\S]*?(?<!`)\1(?!`)/g, '');
  const tags = [...outside.matchAll(/<\/?([a-z]+)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(tags)].sort(), ['details', 'sub', 'summary']);
  assert.doesNotMatch(outside, /\]\((?!https:\/\/)/);
  // Every table row has as many cells as its table's header: 4 columns (fleet), 3 (profiles).
  for (const line of md.split('\n').filter((l) => l.startsWith('|'))) {
    const pipes = line.split('|').length - 1;
    assert.ok(pipes === 5 || pipes === 4, line);
  }
});

test('html: every value goes through the preview escaper', () => {
  const html = renderPlanFragment(hostilePlan());
  assert.doesNotMatch(html, /<img/);
  assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62;/);
  assert.doesNotMatch(html, /href="javascript/);
  // Under the preview's timeline: its cards must not read as timeline steps (\`li.step\`).
  assert.doesNotMatch(html, /<li class="step/);
  assert.match(html, /<div class="step status-fails" data-impact="reregistration">/);
});

test('text: the fleet table lines up and names every state', () => {
  const text = formatPlanText(hostilePlan());
  const table = text.split('\n').filter((l) => /^ {4}(macOS {3}|13\.0 |14\.0 |15\.0 |26\.0 )/.test(l));
  assert.equal(table.length, 5);
  assert.match(table[0], /not registered yet +registered with PSSO 1\.0 +registered with PSSO 2\.0/);
  assert.match(table[2], /^ {4}14\.0 +nothing +n\/a +re-register$/);
});
