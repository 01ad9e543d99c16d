// The settings vocabulary is defined once, in core/settings.ts: package.json's `dpsProfiles.*` settings (what VS Code
// shows and validates) and the config file's known keys must say the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CONFIG_KEYS,
  DEPLOYMENT_SCOPES,
  DEVICE_ACCESS_SCEP_CHOICES,
  MACOS_VERSION_PATTERN,
  SETTING_KEYS,
  SEVERITY_LEVELS,
  VALIDATE_MODES,
  normalizeSettings,
} from '../server/src/core';
import { loadConfigFile } from '../server/src/node/config';

interface SettingSchema {
  enum?: string[];
  pattern?: string;
  additionalProperties?: { enum?: string[] };
}
const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
const properties: Record<string, SettingSchema> = pkg.contributes.configuration.properties;
const setting = (key: string): SettingSchema => {
  const schema = properties[`dpsProfiles.${key}`];
  assert.ok(schema, `package.json declares dpsProfiles.${key}`);
  return schema;
};

test("package.json's dpsProfiles.* settings are the core's SETTING_KEYS (trace.server is the client's own)", () => {
  const declared = new Set(
    Object.keys(properties)
      .map((k) => k.replace(/^dpsProfiles\./, '').split('.')[0])
      .filter((k) => k !== 'trace'),
  );
  assert.deepEqual([...declared].sort(), [...SETTING_KEYS].sort());
});

test("package.json's choices and pattern are the core's", () => {
  assert.deepEqual(setting('severity').additionalProperties?.enum, [...SEVERITY_LEVELS]);
  assert.deepEqual(setting('validate').enum, [...VALIDATE_MODES]);
  assert.deepEqual(setting('deploymentScope').enum, [...DEPLOYMENT_SCOPES]);
  assert.deepEqual(setting('deviceAccessScep').enum, ['', ...DEVICE_ACCESS_SCEP_CHOICES]);
  assert.equal(setting('targetMacOS').pattern, `^$|${MACOS_VERSION_PATTERN.source}`);
});

test('the normaliser takes every choice and rejects others', () => {
  for (const validate of VALIDATE_MODES) assert.equal(normalizeSettings({ validate }).settings.validate, validate);
  for (const deploymentScope of DEPLOYMENT_SCOPES) assert.equal(normalizeSettings({ deploymentScope }).settings.deploymentScope, deploymentScope);
  for (const deviceAccessScep of DEVICE_ACCESS_SCEP_CHOICES) assert.equal(normalizeSettings({ deviceAccessScep }).settings.deviceAccessScep, deviceAccessScep);
  for (const level of SEVERITY_LEVELS) assert.equal(normalizeSettings({ severity: { DPS100: level } }).settings.severity.DPS100, level);
  const bad = normalizeSettings({ validate: 'never', deploymentScope: 'all', deviceAccessScep: 'maybe', severity: { DPS100: 'loud' }, targetMacOS: '14.x' });
  assert.deepEqual(bad.warnings, [
    'severity for DPS100 must be one of error, warning, info, hint, off',
    '"validate" must be "onType" or "onSave"',
    '"targetMacOS" must be a version such as "14.5"',
    '"deploymentScope" must be "folder" or "file"',
    '"deviceAccessScep" must be "included" or "external"',
  ]);
});

test('.dps-profiles.json knows every config key, deploymentScope, deviceAccessScep and overrides included', (t) => {
  assert.ok(CONFIG_KEYS.includes('deploymentScope') && CONFIG_KEYS.includes('deviceAccessScep') && CONFIG_KEYS.includes('overrides'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-settings-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, '.dps-profiles.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      $schema: 'x',
      severity: {},
      validate: 'onSave',
      preferenceDomainFiles: {},
      targetMacOS: '14',
      deploymentScope: 'file',
      deviceAccessScep: 'external',
      inlayHints: { enabled: false },
      overrides: [],
      sevirity: {},
    }),
  );
  const loaded = loadConfigFile(file);
  assert.deepEqual(loaded.warnings, ['unknown setting "sevirity" is ignored']);
  assert.equal(loaded.settings.deploymentScope, 'file');
});
