import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CompletionItemSpec } from '../../server/src/core/features';

export const root = path.resolve(__dirname, '..', '..', '..');
export const fixtures = path.join(root, 'test', 'fixtures', 'features');

export function readFixture(...parts: string[]): string {
  return readFileSync(path.join(fixtures, ...parts), 'utf8');
}

export function listFixtures(dir: string, ext: string): string[] {
  return readdirSync(path.join(fixtures, dir))
    .filter((f) => f.endsWith(ext))
    .sort();
}

/** Split fixture text at its `|` cursor marker. */
export function withCursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'fixture has a | cursor marker');
  assert.equal(marked.indexOf('|', offset + 1), -1, 'fixture has exactly one | marker');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

export const toCrlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

/** The text a snippet leaves when every tab stop keeps its default (first choice, placeholder text, or nothing). */
export function expandSnippet(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length && '\\$}'.includes(snippet[i + 1])) {
      out += snippet[++i];
    } else if (c === '$' && snippet[i + 1] === '{') {
      const body = /^\$\{\d+(?::([^}]*)|\|([^|]*)\|)?\}/.exec(snippet.slice(i));
      assert.ok(body, `snippet syntax at ${snippet.slice(i, i + 20)}`);
      out += body[1] !== undefined ? body[1] : body[2] !== undefined ? body[2].split(',')[0] : '';
      i += body[0].length - 1;
    } else if (c === '$' && /\d/.test(snippet[i + 1] ?? '')) {
      i += /^\$\d+/.exec(snippet.slice(i))![0].length - 1;
    } else out += c;
  }
  return out;
}

/**
 * What VS Code does when an item is accepted: replace the range with the
 * expanded text, later lines indented like the line the item lands on
 * (insertTextMode adjustIndentation), in the document's line breaks.
 */
export function applyCompletion(text: string, item: CompletionItemSpec): string {
  const inserted = item.snippet ? expandSnippet(item.insertText) : item.insertText;
  const lineStart = Math.max(text.lastIndexOf('\n', item.replace.start - 1), text.lastIndexOf('\r', item.replace.start - 1)) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, item.replace.start))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = inserted.split('\n');
  const body = lines.map((l, i) => (i === 0 ? l : indent + l)).join(eol);
  return text.slice(0, item.replace.start) + body + text.slice(item.replace.end);
}

/** Directives in a fixture's leading comments: `<!-- expect: A, B -->`. */
export function directives(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of text.matchAll(/<!-- (\w[\w-]*): ([^\r\n]*?) -->/g)) out[m[1]] = m[2].split(/\s*;;\s*/).filter(Boolean);
  return out;
}
