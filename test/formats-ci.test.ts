// The CI formats rdjson (reviewdog), gitlab (Code Quality) and checkstyle, each validated against its
// published format. No npm package ships these schemas, so they are written here from the specs:
// - rdjson: reviewdog's proto/rdf/reviewdog.proto (DiagnosticResult), https://github.com/reviewdog/reviewdog/tree/master/proto/rdf
// - gitlab: GitLab's "Code Quality report format", https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
// - checkstyle: the checkstyle XML report (checkstyle's XMLLogger), as Jenkins warnings-ng and reviewdog read it
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { SaxesParser } from 'saxes';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'dps-profiles.js');

function run(format: string, ...paths: string[]) {
  const r = spawnSync(process.execPath, [bin, 'check', '--format', format, ...paths], { cwd: root, encoding: 'utf8' });
  assert.ok(r.status === 1 || r.status === 0, r.stderr);
  return r.stdout;
}

const position = {
  type: 'object',
  additionalProperties: false,
  properties: { line: { type: 'integer', minimum: 1 }, column: { type: 'integer', minimum: 1 } },
};
const range = { type: 'object', additionalProperties: false, required: ['start'], properties: { start: position, end: position } };
const source = { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' }, url: { type: 'string' } } };
const severity = { enum: ['UNKNOWN_SEVERITY', 'ERROR', 'WARNING', 'INFO'] };
const RDJSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['diagnostics'],
  properties: {
    source,
    severity,
    diagnostics: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['message', 'location'],
        properties: {
          message: { type: 'string' },
          location: { type: 'object', additionalProperties: false, required: ['path'], properties: { path: { type: 'string' }, range } },
          severity,
          source,
          code: { type: 'object', additionalProperties: false, required: ['value'], properties: { value: { type: 'string' }, url: { type: 'string' } } },
          suggestions: {
            type: 'array',
            items: { type: 'object', additionalProperties: false, required: ['range', 'text'], properties: { range, text: { type: 'string' } } },
          },
          original_output: { type: 'string' },
        },
      },
    },
  },
};

const GITLAB_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      type: { const: 'issue' },
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      categories: { type: 'array', items: { enum: ['Bug Risk', 'Clarity', 'Compatibility', 'Complexity', 'Duplication', 'Performance', 'Security', 'Style'] } },
      location: {
        type: 'object',
        required: ['path'],
        properties: {
          path: { type: 'string', pattern: '^[^/]' },
          lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 }, end: { type: 'integer', minimum: 1 } } },
          positions: { type: 'object', required: ['begin'] },
        },
        anyOf: [{ required: ['lines'] }, { required: ['positions'] }],
      },
    },
  },
};

function validate(schema: object, data: unknown): void {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  const check = ajv.compile(schema);
  assert.ok(check(data), JSON.stringify(check.errors, null, 2));
}

test('rdjson: a DiagnosticResult reviewdog reads; columns in UTF-8 bytes; safe fixes as suggestions', () => {
  const report = JSON.parse(run('rdjson', 'examples/broken/'));
  validate(RDJSON_SCHEMA, report);
  assert.ok(report.diagnostics.length > 5);
  const withSuggestion = report.diagnostics.filter((d: { suggestions?: unknown[] }) => d.suggestions);
  assert.ok(withSuggestion.length > 0, 'the safe fixes of examples/broken appear as suggestions');
  // A suggestion applied to the file gives the text --fix writes for that problem.
  const d = withSuggestion[0];
  const text = fs.readFileSync(path.join(root, d.location.path), 'utf8');
  const lines = text.split('\n');
  const s = d.suggestions[0];
  const byteOffset = (p: { line: number; column: number }) => lines.slice(0, p.line - 1).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0) + p.column - 1;
  const bytes = Buffer.from(text);
  const fixed = Buffer.concat([bytes.subarray(0, byteOffset(s.range.start)), Buffer.from(s.text), bytes.subarray(byteOffset(s.range.end))]).toString();
  assert.notEqual(fixed, text);
  const after = spawnSync(process.execPath, [bin, 'check', '--format', 'json', '--stdin', '--stdin-filename', d.location.path], {
    cwd: root,
    input: fixed,
    encoding: 'utf8',
  });
  const before = JSON.parse(run('json', d.location.path)).files[0].diagnostics.length;
  assert.equal(JSON.parse(after.stdout).files[0].diagnostics.length, before - 1, 'the suggestion fixes exactly its problem');
});

test('rdjson columns count UTF-8 bytes (reviewdog), not UTF-16 units', () => {
  const clean = fs.readFileSync(path.join(root, 'test', 'fixtures', 'precommit', 'clean.mobileconfig'), 'utf8');
  const text = clean.replace('<string>Pre-commit test profile</string>', '<string>Prüfprofil 𐐀</string><key>Unknown</key><string>x</string>');
  const r = spawnSync(process.execPath, [bin, 'check', '--format', 'rdjson', '--stdin', '--stdin-filename', 'u.mobileconfig'], {
    cwd: root,
    input: text,
    encoding: 'utf8',
  });
  const d = JSON.parse(r.stdout).diagnostics.find((x: { code: { value: string } }) => x.code.value === 'DPS302');
  const line = text.split('\n')[d.location.range.start.line - 1];
  const at = line.indexOf('<key>Unknown');
  assert.equal(d.location.range.start.column, Buffer.byteLength(line.slice(0, at)) + 1);
  assert.notEqual(d.location.range.start.column, at + 1, 'the line holds multi-byte characters before the key');
});

test('gitlab: Code Quality issues with unique, stable fingerprints and relative paths', () => {
  const issues = JSON.parse(run('gitlab', 'examples/'));
  validate(GITLAB_SCHEMA, issues);
  assert.ok(issues.length > 5);
  const fingerprints = issues.map((i: { fingerprint: string }) => i.fingerprint);
  assert.equal(new Set(fingerprints).size, fingerprints.length, 'fingerprints are unique');
  assert.deepEqual(
    JSON.parse(run('gitlab', 'examples/')).map((i: { fingerprint: string }) => i.fingerprint),
    fingerprints,
    'and stable',
  );
  assert.ok(issues.some((i: { severity: string }) => i.severity === 'major'));
  assert.deepEqual(JSON.parse(run('gitlab', 'examples/okta-dps-psso2.mobileconfig')), []);
});

test('checkstyle: well-formed XML of the checkstyle report structure', () => {
  const xml = run('checkstyle', 'examples/broken/', 'examples/okta-dps-psso2.mobileconfig');
  const parser = new SaxesParser();
  const stack: string[] = [];
  const errors: string[] = [];
  let files = 0;
  let problems = 0;
  parser.on('error', (e) => errors.push(e.message));
  parser.on('opentag', (tag) => {
    const parent = stack[stack.length - 1];
    const attrs = tag.attributes as Record<string, string>;
    if (tag.name === 'checkstyle') {
      if (parent !== undefined) errors.push('checkstyle is not the root');
      if (!attrs.version) errors.push('checkstyle without version');
    } else if (tag.name === 'file') {
      if (parent !== 'checkstyle') errors.push('file outside checkstyle');
      if (!attrs.name) errors.push('file without name');
      files++;
    } else if (tag.name === 'error') {
      if (parent !== 'file') errors.push('error outside file');
      if (!/^[1-9]\d*$/.test(attrs.line ?? '')) errors.push(`error line "${attrs.line}"`);
      if (attrs.column !== undefined && !/^[1-9]\d*$/.test(attrs.column)) errors.push(`error column "${attrs.column}"`);
      if (!['error', 'warning', 'info', 'ignore'].includes(attrs.severity)) errors.push(`severity "${attrs.severity}"`);
      if (!attrs.message || !attrs.source) errors.push('error without message or source');
      problems++;
    } else errors.push(`unknown element ${tag.name}`);
    stack.push(tag.name);
  });
  parser.on('closetag', () => stack.pop());
  parser.write(xml).close();
  assert.deepEqual(errors, []);
  assert.equal(files, 4);
  assert.ok(problems > 5);
  assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<checkstyle version="4\.3">/);
});
