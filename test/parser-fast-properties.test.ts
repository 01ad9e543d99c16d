import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { SaxesParser } from 'saxes';
import { parseWithSaxes } from '../server/src/core/plist/parse';

// saxes registers handlers with keyed stores; past a few of them V8 turns the parser object into a
// slow dictionary and parsing gets about 3x slower (issue 12). parsePlist declares the handler slots
// up front. This test runs itself again in a child node with --allow-natives-syntax, catches the
// parser parsePlist really uses (at its first write) and asks V8 whether its properties are fast.
// parsePlist gives saxes only what its fast path (fast-parse.ts) leaves, so the child calls that saxes path,
// parseWithSaxes, directly.

const CHILD = 'DPS_FAST_PROPERTIES_CHILD';
const EVENTS = ['error', 'doctype', 'xmldecl', 'comment', 'processinginstruction', 'opentag', 'text', 'cdata', 'closetag'] as const;

if (process.env[CHILD]) {
  // %HasFastProperties is V8 natives syntax: only legal under --allow-natives-syntax, so compile it at run time.
  const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;
  const seen: boolean[] = [];
  const write = SaxesParser.prototype.write;
  SaxesParser.prototype.write = function (this: SaxesParser, chunk: string | object | null) {
    seen.push(hasFastProperties(this));
    return write.call(this, chunk);
  };
  const res = parseWithSaxes('<?xml version="1.0"?>\n<plist version="1.0"><dict><key>A</key><string>b</string><!-- c --></dict></plist>\n');
  // The detector itself: a parser given the same handlers through on() alone goes slow.
  const plain = new SaxesParser({ position: true, xmlns: false });
  for (const e of EVENTS) plain.on(e, () => undefined);
  process.stdout.write(JSON.stringify({ parsePlist: seen, plainOn: hasFastProperties(plain), problems: res.problems.length }));
} else {
  test('the saxes parser that parsePlist uses keeps fast properties', () => {
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', __filename], { encoding: 'utf8', env: { ...process.env, [CHILD]: '1' } });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { parsePlist: boolean[]; plainOn: boolean; problems: number };
    assert.equal(out.problems, 0);
    // The check can fail: registering the same nine handlers with on() alone yields a dictionary-mode object.
    assert.equal(out.plainOn, false, 'V8 no longer turns a saxes parser slow after nine on() calls: revisit this test');
    assert.ok(out.parsePlist.length > 0, 'parsePlist wrote to its parser');
    assert.ok(out.parsePlist.every(Boolean), `the parser was in dictionary mode at a write: ${JSON.stringify(out.parsePlist)}`);
  });
}
