// The typing simulation through the real language server (dist/server.js over stdio), smaller than the core
// run: the PSSO 2.0 profile snippet is typed into an open document from empty (didChange per step) and, at
// each key and value start, completion is asked for as an editor would. Prints hit rate and round-trip latency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItemSpec } from '../../server/src/core/features';
import { startServer } from '../helpers/lsp-server';
import { judge, percentile, samples, sitesOf } from './typing';

/** An LSP item back in the core's shape, so the same judge applies. */
function toSpec(item: CompletionItem, doc: TextDocument): CompletionItemSpec {
  const edit = item.textEdit && 'range' in item.textEdit ? item.textEdit : undefined;
  assert.ok(edit, `${item.label}: has a textEdit with a range`);
  return {
    label: item.label,
    kind: 'value',
    insertText: edit.newText,
    snippet: item.insertTextFormat === 2,
    replace: { start: doc.offsetAt(edit.range.start), end: doc.offsetAt(edit.range.end) },
    filterText: item.filterText,
  };
}

test('typing simulation through the language server over stdio', async (t) => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'dps-typing-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const uri = pathToFileURL(path.join(folder, 'new.mobileconfig')).href;
  const server = await startServer(t, { settings: { severity: {}, validate: 'onType', preferenceDomainFiles: {}, targetMacOS: '' } });
  let version = 1;
  server.open(uri, '', 'mobileconfig', version);

  const sample = samples().find((s) => s.name.includes('Platform SSO 2.0 (macOS 14+)'))!;
  const durations: number[] = [];
  const failures: string[] = [];
  let counted = 0;
  let hits = 0;
  let current = '';
  for (const site of sitesOf(sample.text)) {
    if (site.excluded) continue;
    // Typed top to bottom: nothing after the cursor, or the editor's auto-closed tag.
    const probes = site.probes.filter((p) => !p.what.includes('in the middle')).slice(0, 3);
    let miss: string | undefined;
    for (const probe of probes) {
      // The document grows as typed: the change replaces what differs from the previous step.
      const doc = TextDocument.create(uri, 'mobileconfig', version, current);
      let common = 0;
      while (common < current.length && common < probe.text.length && current[common] === probe.text[common]) common++;
      const change = { range: { start: doc.positionAt(common), end: doc.positionAt(current.length) }, text: probe.text.slice(common) };
      server.change(uri, ++version, [change]);
      current = probe.text;
      const now = TextDocument.create(uri, 'mobileconfig', version, current);
      const t0 = performance.now();
      const answer = await server.request<CompletionItem[] | CompletionList | null>('textDocument/completion', {
        textDocument: { uri },
        position: now.positionAt(probe.offset),
      });
      durations.push(performance.now() - t0);
      const items = Array.isArray(answer) ? answer : (answer?.items ?? []);
      const why = judge(
        probe,
        items.map((i) => toSpec(i, now)),
      );
      if (why && !miss) miss = `${probe.what}: ${why}`;
    }
    counted++;
    if (miss) failures.push(`${site.describe}: ${miss}`);
    else hits++;
  }
  durations.sort((a, b) => a - b);
  console.log(
    `typing simulation (language server): ${hits}/${counted} places hit (${((100 * hits) / counted).toFixed(1)}%), ${durations.length} completion requests`,
  );
  console.log(
    `completion latency while typing (language server, round trip): p50 ${percentile(durations, 50).toFixed(1)} ms, p95 ${percentile(durations, 95).toFixed(1)} ms`,
  );
  assert.deepEqual(failures.slice(0, 20), []);
  assert.ok(counted > 100, `${counted} places`);
});
