import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODES, codeInfo, docsPath } from '../server/src/core';

// Every diagnostic links to docs/rules/<code>.md; these tests keep the pages and the
// index table in step with the catalog as rule packs add codes.

const root = path.resolve(__dirname, '..', '..');
const rulesDir = path.join(root, 'docs', 'rules');
const SECTIONS = ['## What it checks', '## Why it matters', '## How to fix', '## Source'];

function readPage(code: string): string | undefined {
  const file = path.join(root, docsPath(code));
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

interface IndexRow {
  code: string;
  name: string;
  group: string;
  severity: string;
}

/** Rows of the README table: | [CODE](CODE.md) | name | group | severity | summary | */
function readIndexRows(): IndexRow[] {
  const text = fs.readFileSync(path.join(rulesDir, 'README.md'), 'utf8');
  const rows: IndexRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\|\s*\[(DPS\d+)\]\((DPS\d+)\.md\)\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|/.exec(line);
    if (!m) continue;
    assert.equal(m[1], m[2], `README row for ${m[1]} links to ${m[2]}.md`);
    rows.push({ code: m[1], name: m[3], group: m[4], severity: m[5] });
  }
  return rows;
}

test('the catalog is not empty (so the checks below check something)', () => {
  assert.ok(CODES.length >= 35, `only ${CODES.length} codes in the catalog`);
});

test('every code has a page titled with its code and name', () => {
  const missing: string[] = [];
  for (const info of CODES) {
    const page = readPage(info.code);
    if (page === undefined) {
      missing.push(docsPath(info.code));
      continue;
    }
    const title = page.split(/\r?\n/, 1)[0];
    assert.match(title, /^# /, `${info.code}: the first line must be a level-1 title`);
    assert.ok(title.includes(info.code), `${info.code}: title "${title}" lacks the code`);
    assert.ok(title.includes(info.name), `${info.code}: title "${title}" lacks the name "${info.name}"`);
  }
  assert.deepEqual(missing, [], `pages missing: ${missing.join(', ')}`);
});

test('every page has the four sections, in order, each with content', () => {
  for (const info of CODES) {
    const page = readPage(info.code);
    if (page === undefined) continue; // reported by the test above
    const lines = page.split(/\r?\n/);
    let previous = -1;
    for (const heading of SECTIONS) {
      const at = lines.findIndex((l) => l.trim() === heading);
      assert.ok(at >= 0, `${info.code}: missing section "${heading}"`);
      assert.ok(at > previous, `${info.code}: section "${heading}" is out of order`);
      const next = lines.findIndex((l, i) => i > at && /^#{1,2} /.test(l));
      const body = lines.slice(at + 1, next < 0 ? undefined : next).join('\n').trim();
      assert.ok(body.length > 0, `${info.code}: section "${heading}" is empty`);
      previous = at;
    }
  }
});

test('every page shows a before/after XML example under "How to fix"', () => {
  for (const info of CODES) {
    const page = readPage(info.code);
    if (page === undefined) continue;
    const fix = page.slice(page.indexOf('## How to fix'), page.indexOf('## Source'));
    const blocks = fix.match(/```xml\n/g) ?? [];
    assert.ok(blocks.length >= 2, `${info.code}: "How to fix" needs a before and an after \`\`\`xml block`);
  }
});

test('every page states the current default severity', () => {
  for (const info of CODES) {
    const page = readPage(info.code);
    if (page === undefined) continue;
    const m = /\*\*Default severity:\*\*\s*(\w+)/.exec(page);
    assert.ok(m, `${info.code}: no "**Default severity:**" line`);
    assert.equal(m[1], info.severity, `${info.code}: page says ${m[1]}, catalog says ${info.severity}`);
  }
});

test('the README table lists every code with its name, group and default severity', () => {
  const rows = readIndexRows();
  const byCode = new Map(rows.map((r) => [r.code, r]));
  assert.equal(byCode.size, rows.length, 'README lists a code twice');
  for (const info of CODES) {
    const row = byCode.get(info.code);
    assert.ok(row, `README table lacks ${info.code}`);
    assert.equal(row.name, info.name, `${info.code}: README name`);
    assert.equal(row.group, info.group, `${info.code}: README group`);
    assert.equal(row.severity, info.severity, `${info.code}: README default severity`);
  }
});

test('no orphans: every page and README row names a code that exists', () => {
  const pages = fs.readdirSync(rulesDir).filter((f) => f.endsWith('.md') && f !== 'README.md');
  for (const file of pages) {
    const code = file.replace(/\.md$/, '');
    assert.ok(codeInfo(code), `docs/rules/${file} documents no code in the catalog`);
  }
  for (const row of readIndexRows()) {
    assert.ok(codeInfo(row.code), `README lists ${row.code}, which is not in the catalog`);
  }
});
