/**
 * The shared HTML renderer (CLI report and VS Code webview): hostile profile
 * content must never become live markup, and neither document loads anything.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkDeployment } from '../../server/src/core';
import { simulate, simulateMatrix, type Timeline } from '../../server/src/core/simulate';
import { escapeHtml, renderReportHtml, renderTimelineFragment, renderWebviewHtml } from '../../server/src/core/simulate/html';

const root = resolve(__dirname, '..', '..', '..');
const HOSTILE = 'test/fixtures/simulate/hostile.mobileconfig';

function hostileTimeline(macOS = '14.0'): Timeline {
  const text = readFileSync(join(root, HOSTILE), 'utf8');
  return simulate(checkDeployment([{ documentId: HOSTILE, fileName: 'hostile.mobileconfig', text }]), { macOS });
}

const ALLOWED_ATTRIBUTES = new Set([
  'lang',
  'charset',
  'http-equiv',
  'content',
  'name',
  'nonce',
  'class',
  'href',
  'title',
  'aria-label',
  'id',
  'scope',
  'type',
  'value',
  'selected',
  'checked',
  'hidden',
  'data-doc',
  'data-start',
  'data-end',
  'data-line',
  'data-character',
  'data-end-line',
  'data-end-character',
  'data-step-id',
  'data-status',
  'data-macos',
  'data-outcome',
]);

/** Attribute names of every element (values are quoted and escaped, so `>` ends a tag). */
function attributeNames(html: string): Set<string> {
  const out = new Set<string>();
  for (const tag of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
    const inner = tag[0].replace(/^<[a-zA-Z0-9-]+/, '').replace(/("[^"]*"|'[^']*')/g, '');
    for (const m of inner.matchAll(/([^\s=/>]+)(?==|\s|\/?>|$)/g)) out.add(m[1].toLowerCase());
  }
  return out;
}

/** Tags in the output, minus the ones the renderer itself writes. */
function tagNames(html: string): Set<string> {
  return new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1].toLowerCase()));
}

test('escapeHtml escapes every character that can open markup or leave an attribute', () => {
  assert.equal(escapeHtml(`<a href="x" onclick='y'>&\``), '&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#96;');
});

test('the hostile profile reaches the renderer unescaped (so the next tests mean something)', () => {
  const t = hostileTimeline();
  const all = JSON.stringify(t);
  assert.ok(all.includes('<script>window.__pwned = 1</script>'));
  assert.ok(all.includes('<img src=x onerror=\\"window.__pwned=5\\">'));
});

test('the report and the fragment contain no markup from the profile', () => {
  const t = hostileTimeline();
  for (const html of [renderTimelineFragment(t), renderTimelineFragment(t, { links: true }), renderReportHtml({ files: [HOSTILE], timeline: t })]) {
    assert.ok(!/<script/i.test(html), 'no script element');
    assert.ok(!/<img/i.test(html), 'no img element');
    for (const name of attributeNames(html)) assert.ok(ALLOWED_ATTRIBUTES.has(name), `unexpected attribute ${name}`);
    assert.ok(!/href="javascript:/i.test(html), 'no javascript: link');
    assert.ok(html.includes('&#60;script&#62;window.__pwned = 1&#60;/script&#62;'), 'the display name is shown, escaped');
    const allowed = new Set([
      '!doctype',
      'html',
      'head',
      'meta',
      'title',
      'style',
      'body',
      'h1',
      'h2',
      'p',
      'code',
      'section',
      'strong',
      'ol',
      'li',
      'div',
      'span',
      'ul',
      'a',
      'details',
      'summary',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
    ]);
    for (const tag of tagNames(html)) assert.ok(allowed.has(tag), `unexpected element <${tag}>`);
  }
});

test('the matrix report is escaped too', () => {
  const text = readFileSync(join(root, HOSTILE), 'utf8');
  const m = simulateMatrix(checkDeployment([{ documentId: '<b>x</b>.mobileconfig', text }]));
  const html = renderReportHtml({ files: ['<b>x</b>.mobileconfig'], matrix: m });
  assert.ok(!/<script|<img|<b>/i.test(html));
  assert.ok(html.includes('&#60;b&#62;x&#60;/b&#62;.mobileconfig'));
});

test('the report is one self-contained file: a CSP that forbids scripts and remote loads, no external references', () => {
  const html = renderReportHtml({ files: [HOSTILE], timeline: hostileTimeline() });
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
  assert.ok(!/<(link|script|img|iframe|object|embed)\b/i.test(html));
  for (const name of attributeNames(html)) assert.ok(!['src', 'srcset', 'action', 'formaction'].includes(name), name);
  assert.ok(!/url\(/i.test(html), 'no url() in the CSS');
  assert.ok(!/@import/i.test(html));
});

test('the webview document has a strict CSP: nonce for script and style, nothing else', () => {
  const t = hostileTimeline();
  const html = renderWebviewHtml({
    nonce: 'abc123',
    cspSource: 'https://webview.example',
    scenario: t.scenario,
    subject: '"><script>window.__pwned=7</script>.mobileconfig',
    content: renderTimelineFragment(t, { links: true }),
  });
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
  assert.match(csp, /^default-src 'none';/);
  assert.match(csp, /script-src 'nonce-abc123';/);
  assert.match(csp, /style-src https:\/\/webview\.example 'nonce-abc123';/);
  assert.ok(!csp.includes('unsafe'), 'no unsafe-inline or unsafe-eval');
  const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
  assert.deepEqual(scripts, ['<script nonce="abc123">'], "exactly one script, the nonce'd one");
  assert.ok([...html.matchAll(/<style\b[^>]*>/gi)].every((m) => m[0] === '<style nonce="abc123">'));
  assert.ok(html.includes('&#34;&#62;&#60;script&#62;window.__pwned=7'), 'the subject is escaped');
  assert.ok(!/<img/i.test(html));
});

test('driver links carry the document and range as data attributes, escaped', () => {
  const t = hostileTimeline();
  const html = renderTimelineFragment(t, { links: true });
  const link = /<a href="#" class="driver cause" data-doc="([^"]*)" data-start="(\d+)" data-end="(\d+)" data-line="(\d+)"/.exec(html);
  assert.ok(link, 'a driver link');
  assert.equal(link[1], HOSTILE);
  assert.ok(!html.includes('data-doc="<'));
});
