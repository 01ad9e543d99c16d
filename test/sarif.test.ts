import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { CODES } from '../server/src/core';

/**
 * The SARIF output is checked two ways: against the SARIF 2.1.0 JSON schema
 * (the schemastore "2.1.0-rtm.5" schema that Microsoft ships in
 * @microsoft/jest-sarif; the OASIS file itself is not on npm), and against
 * what GitHub code scanning needs on top of the schema.
 */

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'dps-profiles.js');
const fixtures = path.join(root, 'test', 'fixtures', 'cli');
const packageVersion: string = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
const schemaFile = path.join(path.dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface SarifPhysicalLocation {
  artifactLocation: { uri: string; uriBaseId?: string };
  region?: SarifRegion;
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: SarifPhysicalLocation }[];
  relatedLocations?: { id: number; physicalLocation: SarifPhysicalLocation; message: { text: string } }[];
  partialFingerprints: Record<string, string>;
}
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[];
    results: SarifResult[];
  }[];
}

function sarif(args: string[], cwd = fixtures, input?: Buffer): { code: number | null; log: SarifLog; stderr: string } {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.NO_COLOR;
  const r = spawnSync(process.execPath, [bin, 'check', ...args, '--format', 'sarif'], { cwd, env, input, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, log: JSON.parse(r.stdout) as SarifLog, stderr: r.stderr };
}

const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

const validate = (() => {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false /* the schema's language pattern is not valid with the u flag */ });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
})();

function assertSchemaValid(log: unknown): void {
  const ok = validate(log);
  assert.ok(ok, `SARIF schema errors:\n${JSON.stringify(validate.errors, null, 2)}`);
}

describe('SARIF schema', () => {
  test('the schema validator rejects a broken log (so a pass means something)', () => {
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
    const { log } = sarif(['profiles']);
    const broken = structuredClone(log);
    (broken.runs[0].results[0] as unknown as Record<string, unknown>).level = 'fatal';
    assert.equal(validate(broken), false);
  });

  for (const [why, args] of [
    ['a run with errors, warnings and clean files', ['profiles']],
    ['related locations', ['sarif']],
    ['a clean run with no results', ['profiles/valid.mobileconfig']],
    ['a run with an input error notification', ['profiles/valid.mobileconfig', 'missing.mobileconfig']],
  ] as const) {
    test(`validates against SARIF 2.1.0: ${why}`, () => {
      assertSchemaValid(sarif([...args]).log);
    });
  }

  test('validates for stdin and for a file outside the working folder', () => {
    assertSchemaValid(sarif(['--stdin'], fixtures, fs.readFileSync(path.join(fixtures, 'profiles', 'broken.mobileconfig'))).log);
    const outside = sarif([path.join(fixtures, 'profiles', 'broken.mobileconfig')], path.join(fixtures, 'config'));
    assertSchemaValid(outside.log);
    const uri = outside.log.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.equal(uri.uri, pathToFileURL(path.join(fixtures, 'profiles', 'broken.mobileconfig')).href);
    assert.equal(uri.uriBaseId, undefined, 'outside %SRCROOT% the URI is absolute');
  });
});

describe('GitHub code scanning requirements', () => {
  const { code, log } = sarif(['profiles', 'sarif']);

  test('one run, version 2.1.0, with $schema', () => {
    assert.equal(code, 1);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /^https:\/\/.+sarif-schema-2\.1\.0\.json$/);
    assert.equal(log.runs.length, 1);
  });

  test('tool.driver: name, package version, informationUri and a rule for every catalog code', () => {
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'dps-profiles');
    assert.equal(driver.version, packageVersion);
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(
      driver.rules.map((r) => r.id),
      CODES.map((c) => c.code),
    );
    for (const rule of driver.rules) {
      const info = CODES.find((c) => c.code === rule.id)!;
      assert.equal(rule.name, info.name);
      assert.equal(rule.shortDescription.text, info.summary);
      assert.ok(rule.fullDescription.text.length > 0);
      assert.equal(rule.helpUri, `https://github.com/dps-profiles/dps-profiles/blob/main/docs/rules/${rule.id}.md`);
      assert.ok(rule.help.text.includes(info.summary) && rule.help.text.includes(rule.helpUri));
      assert.ok(rule.help.markdown.includes(`](${rule.helpUri})`));
      const level = info.severity === 'error' ? 'error' : info.severity === 'warning' ? 'warning' : 'note';
      assert.equal(rule.defaultConfiguration.level, level);
    }
  });

  test('results: ruleId/ruleIndex agree, relative URIs under %SRCROOT%, 1-based regions matching the JSON output', () => {
    const run = log.runs[0];
    const srcroot = run.originalUriBaseIds['%SRCROOT%'].uri;
    assert.match(srcroot, /^file:\/\/.*\/$/);
    assert.equal(fs.realpathSync(fileURLToPath(srcroot)), fs.realpathSync(fixtures));

    const jsonRun = spawnSync(process.execPath, [bin, 'check', 'profiles', 'sarif', '--format', 'json'], { cwd: fixtures, encoding: 'utf8' });
    const jsonReport = JSON.parse(jsonRun.stdout) as {
      files: {
        path: string;
        diagnostics: { code: string; severity: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[];
      }[];
    };
    const expected = jsonReport.files.flatMap((f) => f.diagnostics.map((d) => ({ path: f.path, ...d })));
    assert.equal(run.results.length, expected.length);
    assert.ok(run.results.length >= 3);

    run.results.forEach((result, i) => {
      assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
      assert.ok(result.message.text.length > 0);
      const loc = result.locations[0].physicalLocation;
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.doesNotMatch(loc.artifactLocation.uri, /^[a-z]+:|^\//i, 'relative URI');
      assert.ok(fs.existsSync(fileURLToPath(new URL(loc.artifactLocation.uri, srcroot))));
      const want = expected[i];
      assert.equal(result.ruleId, want.code);
      assert.equal(result.level, want.severity === 'error' ? 'error' : want.severity === 'warning' ? 'warning' : 'note');
      assert.equal(loc.artifactLocation.uri, want.path);
      assert.deepEqual(loc.region, {
        startLine: want.range.start.line + 1,
        startColumn: want.range.start.character + 1,
        endLine: want.range.end.line + 1,
        endColumn: want.range.end.character + 1,
      });
    });
  });

  test('related locations carry a region and a message', () => {
    const dup = log.runs[0].results.find((r) => r.ruleId === 'DPS203');
    assert.ok(dup?.relatedLocations?.length, 'DPS203 has a related location');
    const related = dup.relatedLocations[0];
    assert.equal(related.physicalLocation.artifactLocation.uri, 'sarif/duplicate-uuid.mobileconfig');
    assert.ok(related.physicalLocation.region!.startLine >= 1);
    assert.ok(related.physicalLocation.region!.startLine < dup.locations[0].physicalLocation.region!.startLine);
    assert.ok(related.message.text.length > 0);
  });

  test('a related location in another file of the deployment has its own URI and region', () => {
    const { log: deployment } = sarif(['deployment', '--deployment']);
    const [result] = deployment.runs[0].results;
    assert.equal(result.ruleId, 'DPS405');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'deployment/second.mobileconfig');
    const related = result.relatedLocations![0].physicalLocation;
    assert.deepEqual(related.artifactLocation, { uri: 'deployment/first.mobileconfig', uriBaseId: '%SRCROOT%' });
    assert.equal(related.region!.startLine, 27);
    assertSchemaValid(deployment);
  });

  test('partialFingerprints: present, distinct, and stable when lines move', () => {
    const results = log.runs[0].results;
    const prints = results.map((r) => JSON.stringify(r.partialFingerprints));
    for (const r of results) {
      assert.ok(Object.keys(r.partialFingerprints).length > 0);
      for (const v of Object.values(r.partialFingerprints)) assert.match(v, /^[0-9a-f]{16,}:\d+$/);
    }
    assert.equal(new Set(prints).size, prints.length, 'each finding has its own fingerprint');

    // Same findings after blank lines are inserted above them: regions move, fingerprints do not.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-sarif-test-'));
    tempDirs.push(dir);
    const original = fs.readFileSync(path.join(fixtures, 'profiles', 'broken.mobileconfig'), 'utf8');
    fs.writeFileSync(path.join(dir, 'broken.mobileconfig'), original);
    const before = sarif(['broken.mobileconfig'], dir).log.runs[0].results;
    fs.writeFileSync(path.join(dir, 'broken.mobileconfig'), original.replace('<plist version="1.0">', '\n\n\n<plist version="1.0">'));
    const afterEdit = sarif(['broken.mobileconfig'], dir).log.runs[0].results;
    assert.deepEqual(
      afterEdit.map((r) => r.partialFingerprints),
      before.map((r) => r.partialFingerprints),
    );
    assert.deepEqual(
      afterEdit.map((r) => r.locations[0].physicalLocation.region!.startLine),
      before.map((r) => r.locations[0].physicalLocation.region!.startLine + 3),
    );
  });

  test('result levels follow severity overrides; rule defaults do not', () => {
    const { log: overridden } = sarif(['profiles/broken.mobileconfig', '--severity', 'DPS202=error']);
    const uuid = overridden.runs[0].results.find((r) => r.ruleId === 'DPS202')!;
    assert.equal(uuid.level, 'error');
    assert.equal(overridden.runs[0].tool.driver.rules[uuid.ruleIndex].defaultConfiguration.level, 'warning');
  });

  test('input errors become tool execution notifications', () => {
    const r = sarif(['profiles/valid.mobileconfig', 'missing.mobileconfig']);
    assert.equal(r.code, 2);
    const invocation = r.log.runs[0].invocations[0];
    assert.equal(invocation.executionSuccessful, false);
    assert.match(invocation.toolExecutionNotifications[0].message.text, /missing\.mobileconfig: no such file or folder/);
  });
});
