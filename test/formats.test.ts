// --format junit (parsed back with a real XML parser) and --format github (workflow commands and their escaping).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import * as yamlLib from 'js-yaml';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SaxesParser } from 'saxes';
import { escapeData, escapeProperty, formatGithub } from '../server/src/cli/format-github';
import { escapeXml, formatJunit } from '../server/src/cli/format-junit';
import { LineIndex } from '../server/src/core';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'bin', 'dps-profiles.js');

interface El {
  name: string;
  attributes: Record<string, string>;
  children: El[];
  text: string;
}

function parseXml(xml: string): El {
  const parser = new SaxesParser();
  const stack: El[] = [];
  let top: El | undefined;
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    const el: El = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: '' };
    if (stack.length) stack[stack.length - 1].children.push(el);
    else top = el;
    stack.push(el);
  });
  parser.on('text', (t) => {
    if (stack.length) stack[stack.length - 1].text += t;
  });
  parser.on('closetag', () => stack.pop());
  parser.write(xml).close();
  return top!;
}

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dps-formats-'));
  mkdirSync(path.join(dir, 'profiles'));
  writeFileSync(
    path.join(dir, 'profiles', 'broken.mobileconfig'),
    '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>PayloadType</key>\n\t<string>Configuration</string>\n\t<key>PayloadType</key>\n\t<string>Configuration</string>\n</dict>\n</plist>\n',
  );
  writeFileSync(path.join(dir, 'profiles', 'a&b <clean>.mobileconfig'), CLEAN);
  return dir;
}

const CLEAN = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>PayloadContent</key>
	<array/>
	<key>PayloadDisplayName</key>
	<string>Empty</string>
	<key>PayloadIdentifier</key>
	<string>com.example.empty</string>
	<key>PayloadType</key>
	<string>Configuration</string>
	<key>PayloadUUID</key>
	<string>6A1F3C2B-8D4E-4F5A-9B6C-7D8E9F0A1B2C</string>
	<key>PayloadVersion</key>
	<integer>1</integer>
</dict>
</plist>
`;

test('--format junit: one testsuite per file, a testcase per problem, a passing testcase for a clean file; the XML parses', () => {
  const dir = workspace();
  const r = spawnSync(process.execPath, [cli, 'check', 'profiles', '--format', 'junit'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  const doc = parseXml(r.stdout);
  assert.equal(doc.name, 'testsuites');
  const suites = doc.children;
  assert.deepEqual(
    suites.map((s) => s.attributes.name),
    ['profiles/a&b <clean>.mobileconfig', 'profiles/broken.mobileconfig'],
  );
  const [clean, broken] = suites;
  assert.deepEqual(
    clean.children.map((c) => [c.name, c.attributes.name, c.children.length]),
    [['testcase', 'no problems', 0]],
  );
  assert.equal(clean.attributes.failures, '0');
  const failures = broken.children.filter((c) => c.children.some((x) => x.name === 'failure'));
  assert.equal(String(failures.length), broken.attributes.failures);
  assert.equal(String(broken.children.length), broken.attributes.tests);
  const dup = broken.children.find((c) => c.attributes.name.startsWith('DPS109 duplicate-key at 6:'));
  assert.ok(dup, broken.children.map((c) => c.attributes.name).join(' | '));
  const failure = dup.children[0];
  assert.equal(failure.name, 'failure');
  assert.equal(failure.attributes.type, 'error');
  assert.match(failure.text, /^profiles\/broken\.mobileconfig:6:\d+ error DPS109: /);
  const total = suites.reduce((n, s) => n + Number(s.attributes.tests), 0);
  assert.equal(doc.attributes.tests, String(total));
});

test('junit escapes markup and drops characters XML cannot hold', () => {
  assert.equal(escapeXml(`a<b>&"c'\u0001d`), 'a&lt;b&gt;&amp;&quot;c&apos;d');
  const text = 'x';
  const xml = formatJunit(
    {
      files: [
        {
          path: 'p.mobileconfig',
          lineIndex: new LineIndex(text),
          problems: [{ code: 'DPS101', message: 'bad ]]> <&> \u0000 "quoted"', span: { start: 0, end: 1 }, severity: 'error' }],
        },
      ],
      summary: { files: 1, errors: 1, warnings: 0, infos: 0 },
    },
    { inputErrors: ['missing/: no such file'] },
  );
  const doc = parseXml(xml);
  assert.equal(doc.children[0].children[0].children[0].attributes.message, 'bad ]]> <&> \\x00 "quoted"');
  assert.equal(doc.children[1].attributes.errors, '1');
});

test('github escaping: data escapes % \\r \\n; properties also : and ,', () => {
  assert.equal(escapeData('100% done\r\nnext'), '100%25 done%0D%0Anext');
  assert.equal(escapeData('a:b,c'), 'a:b,c');
  assert.equal(escapeProperty('dir,with:odd%\nname'), 'dir%2Cwith%3Aodd%25%0Aname');
});

test('--format github: one workflow command per problem with 1-based positions and the code as title', () => {
  const text = 'line one\n  <key>X</key>\n';
  const out = formatGithub(
    {
      files: [
        {
          path: 'odd,dir:x/p%.mobileconfig',
          lineIndex: new LineIndex(text),
          problems: [
            { code: 'DPS302', message: 'unknown key "X"\nsecond line 100%', span: { start: 11, end: 23 }, severity: 'warning' },
            { code: 'DPS208', message: 'note', span: { start: 0, end: 0 }, severity: 'info' },
          ],
        },
      ],
      summary: { files: 1, errors: 0, warnings: 1, infos: 1 },
    },
    { inputErrors: [] },
  );
  const lines = out.trimEnd().split('\n');
  assert.equal(
    lines[0],
    '::warning file=odd%2Cdir%3Ax/p%25.mobileconfig,line=2,col=3,endLine=2,endColumn=15,title=DPS302 unknown-key::unknown key "X"%0Asecond line 100%25',
  );
  assert.equal(lines[1], '::notice file=odd%2Cdir%3Ax/p%25.mobileconfig,line=1,col=1,endLine=1,endColumn=1,title=DPS208 unknown-document::note');
  assert.match(lines[2], /^dps-profiles: 1 file\(s\) checked/);
});

test('the CLI writes github annotations and reports input errors as ::error', () => {
  const dir = workspace();
  const r = spawnSync(process.execPath, [cli, 'check', 'profiles', 'missing.mobileconfig', '-f', 'github'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stdout, /^::error file=profiles\/broken\.mobileconfig,line=6,col=\d+,endLine=6,endColumn=\d+,title=DPS109 duplicate-key::/m);
  assert.match(r.stdout, /^::error title=dps-profiles::missing\.mobileconfig/m);
});

test('action.yml is a composite action that checks, annotates and uploads SARIF; the example workflow uses it', () => {
  const action = yamlLib.load(readFileSync(path.join(root, 'action.yml'), 'utf8')) as {
    runs: { using: string; steps: { uses?: string; run?: string; with?: Record<string, string> }[] };
    inputs: Record<string, unknown>;
  };
  assert.equal(action.runs.using, 'composite');
  const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(upload, 'uploads SARIF');
  assert.equal(upload.with?.sarif_file, '${{ inputs.sarif-file }}');
  const run = action.runs.steps.map((s) => s.run ?? '').join('\n');
  assert.match(run, /--format sarif --output "\$DPS_SARIF"/);
  assert.match(run, /--format github/);
  for (const input of ['paths', 'args', 'sarif-file', 'upload-sarif', 'annotations', 'fail-on-problems']) assert.ok(input in action.inputs, input);
  const workflow = yamlLib.load(readFileSync(path.join(root, 'docs', 'github-actions.yml'), 'utf8')) as {
    permissions: Record<string, string>;
    jobs: Record<string, { steps: { uses?: string }[] }>;
  };
  assert.equal(workflow.permissions['security-events'], 'write');
  assert.ok(Object.values(workflow.jobs)[0].steps.some((s) => s.uses?.startsWith('dps-profiles/dps-profiles@')));
});
