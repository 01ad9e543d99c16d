import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import Ajv from 'ajv';
import { load } from 'js-yaml';
import { allSchemas, getSchema, subSchemaAt, PROFILE_SCHEMA_ID, KNOWN_PREFERENCE_DOMAINS, type JsonSchema } from '../server/src/core/schema/registry';

const repoRoot = path.resolve(__dirname, '..', '..');
const catalogRoot = path.resolve(repoRoot, '..', 'shared', 'reference', 'apple-device-management');
const hasCatalog = fs.existsSync(path.join(catalogRoot, 'mdm', 'profiles', 'TopLevel.yaml'));
const noCatalogReason = `Apple's catalog not found at ${catalogRoot}`;

const EXPECTED_IDS = [
  'Configuration',
  'com.apple.extensiblesso',
  'com.apple.associated-domains',
  'com.apple.security.scep',
  'com.apple.ManagedClient.preferences',
  'com.okta.mobile',
  'com.okta.mobile.auth-service-extension',
  'com.apple.mobiledevice.passwordpolicy',
  'com.apple.loginwindow',
];
const OKTA_IDS = new Set<string>(KNOWN_PREFERENCE_DOMAINS);
const STRUCTURAL_KEYS = ['PayloadType', 'PayloadVersion', 'PayloadIdentifier', 'PayloadUUID'];
// Keys we accept although Apple's catalog does not list them, so they carry no macOS annotation.
const NOT_IN_CATALOG = new Set(['PayloadEnabled', 'Often', 'mcx_data_timestamp']);
const JSON_TYPE_OF: Record<string, string | undefined> = {
  string: 'string',
  integer: 'integer',
  real: 'number',
  boolean: 'boolean',
  date: 'string',
  data: 'string',
  array: 'array',
  dict: 'object',
  any: undefined,
};
const ALLOWED_KEYWORDS = new Set([
  '$schema',
  '$id',
  'title',
  'description',
  'type',
  'plistType',
  'macOS',
  'payload',
  'okta',
  'enum',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'maxProperties',
  'default',
  'examples',
  'items',
  'properties',
  'patternProperties',
  'required',
  'additionalProperties',
]);

function strictAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true });
  ajv.addKeyword({ keyword: 'plistType', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'macOS', schemaType: 'object' });
  ajv.addKeyword({ keyword: 'payload', schemaType: 'object' });
  ajv.addKeyword({ keyword: 'okta', schemaType: 'object' });
  return ajv;
}

/** Every sub-schema with its location; `named` marks dictionary keys (as opposed to items / maps). */
function* walk(schema: JsonSchema, where: string): Generator<{ s: JsonSchema; where: string; named: boolean }> {
  const children: Array<{ s: JsonSchema; where: string; named: boolean }> = [];
  for (const [k, v] of Object.entries<JsonSchema>(schema.properties ?? {})) children.push({ s: v, where: `${where}.${k}`, named: true });
  for (const [k, v] of Object.entries<JsonSchema>(schema.patternProperties ?? {})) children.push({ s: v, where: `${where}./${k}/`, named: true });
  if (schema.items && typeof schema.items === 'object') children.push({ s: schema.items, where: `${where}[]`, named: false });
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    children.push({ s: schema.additionalProperties, where: `${where}.*`, named: false });
  }
  for (const c of children) {
    yield c;
    yield* walk(c.s, c.where);
  }
}

test('the registry holds exactly the committed schema files, keyed by payload type', () => {
  const files = fs
    .readdirSync(path.join(repoRoot, 'schemas'))
    .filter((f) => f.endsWith('.schema.json'))
    .sort();
  assert.deepEqual(files, EXPECTED_IDS.map((id) => `${id}.schema.json`).sort());
  assert.deepEqual(
    allSchemas()
      .map((e) => e.id)
      .sort(),
    [...EXPECTED_IDS].sort(),
  );
  assert.equal(PROFILE_SCHEMA_ID, 'Configuration');
  for (const id of EXPECTED_IDS) {
    const schema = getSchema(id);
    assert.ok(schema, id);
    assert.equal(schema.$id, `${id}.schema.json`);
    assert.equal(schema.payload.payloadType, id);
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(schema.type, 'object');
    // com.apple.loginwindow is an open preference domain: real profiles use keys Apple's catalog omits.
    assert.equal(
      schema.additionalProperties,
      id !== 'com.apple.loginwindow' ? false : true,
      `${id} root must be ${id === 'com.apple.loginwindow' ? 'open' : 'closed'}`,
    );
    assert.equal(typeof schema.title, 'string');
    assert.equal(typeof schema.description, 'string');
  }
  assert.equal(getSchema('com.example.unknown'), undefined);
});

test('every schema compiles with ajv in strict mode', () => {
  const ajv = strictAjv();
  for (const { id, schema } of allSchemas()) assert.doesNotThrow(() => ajv.compile(schema), id);
});

test('every property has plistType and a one-sentence description; plistType agrees with type', () => {
  for (const { id, schema } of allSchemas()) {
    for (const { s, where, named } of walk(schema, id)) {
      assert.ok(s.plistType in JSON_TYPE_OF, `${where}: plistType ${s.plistType}`);
      assert.equal(s.type, JSON_TYPE_OF[s.plistType], `${where}: type ${s.type} vs plistType ${s.plistType}`);
      if (named) {
        assert.equal(typeof s.description, 'string', `${where}: description`);
        assert.match(s.description, /^[^\n]{10,160}$/, `${where}: one short sentence`);
      }
      if (s.plistType === 'dict' && s.properties) {
        assert.ok('additionalProperties' in s || s === schema, `${where}: a dict with listed keys says whether others are allowed`);
      }
    }
  }
});

test('only the agreed keywords are used (no anyOf/oneOf/format/const)', () => {
  for (const { id, schema } of allSchemas()) {
    const check = (s: JsonSchema, where: string) => {
      for (const k of Object.keys(s)) assert.ok(ALLOWED_KEYWORDS.has(k), `${where}: keyword ${k}`);
    };
    check(schema, id);
    for (const { s, where } of walk(schema, id)) check(s, where);
  }
});

test('Apple payload properties carry macOS availability; Okta domains do not', () => {
  for (const { id, schema } of allSchemas()) {
    for (const { s, where, named } of walk(schema, id)) {
      if (!named) continue;
      const key = where.slice(where.lastIndexOf('.') + 1);
      // Common payload keys come from Apple's catalog, even inside the Okta domains.
      const fromCatalog = !OKTA_IDS.has(id) || key.startsWith('Payload');
      if (fromCatalog && !NOT_IN_CATALOG.has(key)) {
        assert.match(s.macOS?.introduced ?? '', /^(\d+(\.\d+)*|n\/a)$/, `${where}: macOS.introduced`);
      } else {
        assert.equal(s.macOS, undefined, `${where}: no catalog entry, so no macOS annotation`);
      }
    }
    if (OKTA_IDS.has(id)) assert.equal(schema.macOS, undefined);
    else assert.match(schema.macOS.introduced, /^\d+(\.\d+)*$/, `${id}: root macOS`);
  }
});

test('structural keys are never required', () => {
  for (const { id, schema } of allSchemas()) {
    for (const s of [schema, ...[...walk(schema, id)].map((c) => c.s)]) {
      for (const key of STRUCTURAL_KEYS) assert.ok(!(s.required ?? []).includes(key), `${id}: ${key} in required`);
    }
    if (id !== 'Configuration') {
      for (const key of [...STRUCTURAL_KEYS, 'PayloadDisplayName', 'PayloadDescription', 'PayloadOrganization']) {
        assert.ok(schema.properties[key], `${id} inlines ${key}`);
      }
      assert.equal(schema.properties.PayloadType.enum, undefined);
    }
  }
  assert.deepEqual(getSchema('com.okta.mobile')!.required, undefined);
  assert.deepEqual(getSchema('com.okta.mobile.auth-service-extension')!.required, undefined);
});

test('okta annotations are complete where present', () => {
  let count = 0;
  for (const { id, schema } of allSchemas()) {
    for (const { s, where } of walk(schema, id)) {
      if (!s.okta) continue;
      count++;
      assert.ok('expected' in s.okta, `${where}: okta.expected`);
      assert.equal(typeof s.okta.note, 'string', `${where}: okta.note`);
      assert.match(s.okta.source, /^https:\/\//, `${where}: okta.source`);
    }
  }
  assert.ok(count >= 15, `only ${count} okta annotations`);
  const sso = getSchema('com.apple.extensiblesso')!;
  assert.equal(sso.properties.TeamIdentifier.okta.expected, 'B7F62B65BN');
  assert.equal(sso.properties.ExtensionIdentifier.okta.expected, 'com.okta.mobile.auth-service-extension');
  assert.equal(sso.properties.PlatformSSO.properties.UseSharedDeviceKeys.okta.expected, true);
  assert.equal(getSchema('com.okta.mobile.auth-service-extension')!.properties['PlatformSSO.ProtocolVersion'].okta.expected, '2.0');
});

test('PlatformSSO has every key of dps-reference 2.2 with the right macOS version', () => {
  const psso = getSchema('com.apple.extensiblesso')!.properties.PlatformSSO;
  assert.equal(psso.additionalProperties, false);
  const expected: Record<string, [plistType: string, introduced: string]> = {
    AuthenticationMethod: ['string', '14.0'],
    UseSharedDeviceKeys: ['boolean', '14.0'],
    AccountDisplayName: ['string', '14.0'],
    LoginFrequency: ['integer', '14.0'],
    EnableCreateUserAtLogin: ['boolean', '14.0'],
    EnableAuthorization: ['boolean', '14.0'],
    TokenToUserMapping: ['dict', '14.0'],
    NewUserAuthorizationMode: ['string', '14.0'],
    UserAuthorizationMode: ['string', '14.0'],
    AdministratorGroups: ['array', '14.0'],
    AdditionalGroups: ['array', '14.0'],
    AuthorizationGroups: ['dict', '14.0'],
    FileVaultPolicy: ['array', '15.0'],
    LoginPolicy: ['array', '15.0'],
    UnlockPolicy: ['array', '15.0'],
    OfflineGracePeriod: ['integer', '15.0'],
    AuthenticationGracePeriod: ['integer', '15.0'],
    NonPlatformSSOAccounts: ['array', '15.0'],
    AllowDeviceIdentifiersInAttestation: ['boolean', '15.4'],
    EnableRegistrationDuringSetup: ['boolean', '26.0'],
    EnableCreateFirstUserDuringSetup: ['boolean', '26.0'],
    NewUserAuthenticationMethods: ['array', '26.0'],
    SynchronizeProfilePicture: ['boolean', '26.0'],
    TemporarySessionQuickLogin: ['boolean', '26.0'],
    AllowAccessKeyExpressMode: ['boolean', '26.0'],
    AccessKeyReaderGroupIdentifier: ['data', '26.0'],
    AccessKeyTerminalIdentityUUID: ['string', '26.0'],
    AccessKeyReaderIssuerCertificateUUID: ['string', '26.2'],
    WebLoginURLAllowList: ['array', '27.0'],
    AllowWebLoginPasswordSync: ['boolean', '27.0'],
    AlwaysUseLoginUI: ['boolean', '27.2'],
    AdditionalHTTPHeaders: ['dict', '27.2'],
  };
  assert.deepEqual(Object.keys(psso.properties).sort(), Object.keys(expected).sort());
  for (const [key, [plistType, introduced]] of Object.entries(expected)) {
    assert.equal(psso.properties[key].plistType, plistType, key);
    assert.deepEqual(psso.properties[key].macOS, { introduced }, key);
  }
  assert.equal(psso.properties.EnableCreateFirstUserDuringSetup.default, true);
  assert.deepEqual(psso.properties.AuthenticationMethod.enum, ['Password', 'UserSecureEnclaveKey', 'SmartCard', 'OpenID']);
  assert.ok(psso.properties.NewUserAuthorizationMode.enum.includes('Temporary'));
  assert.ok(psso.properties.UnlockPolicy.items.enum.includes('AllowTouchIDOrWatchForUnlock'));
  assert.equal(psso.properties.LoginFrequency.minimum, 3600);
  const top = getSchema('com.apple.extensiblesso')!.properties.AuthenticationMethod;
  assert.deepEqual(top.macOS, { introduced: '13.0', deprecated: '14.0' });
});

test('payload facts on the roots', () => {
  assert.deepEqual(getSchema('com.apple.extensiblesso')!.payload, {
    payloadType: 'com.apple.extensiblesso',
    multiple: true,
    channels: ['system', 'user'],
    manualInstall: false,
    userApprovedMDM: true,
  });
  assert.deepEqual(getSchema('com.apple.loginwindow')!.payload.channels, ['system']);
  assert.deepEqual(getSchema('com.okta.mobile')!.payload, { payloadType: 'com.okta.mobile' });
  assert.deepEqual(getSchema('Configuration')!.properties.PayloadScope.enum, ['System', 'User']);
  assert.deepEqual(getSchema('Configuration')!.properties.PayloadContent.items, { type: 'object', plistType: 'dict' });
});

test('the schemas accept real DPS payloads and reject the usual mistakes', () => {
  const ajv = strictAjv();
  const validate = (id: string, data: unknown) => {
    const v = ajv.getSchema(`${id}.schema.json`) ?? ajv.compile(getSchema(id)!);
    const ok = v(data) as boolean;
    return { ok, errors: (v.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`) };
  };
  const common = { PayloadType: 'x', PayloadVersion: 1, PayloadIdentifier: 'a.b', PayloadUUID: 'U', PayloadEnabled: true };
  const sso = {
    ...common,
    ExtensionIdentifier: 'com.okta.mobile.auth-service-extension',
    TeamIdentifier: 'B7F62B65BN',
    Type: 'Redirect',
    URLs: ['https://example.okta.com/device-access/api/v1/nonce', 'https://example.okta.com/oauth2/v1/token'],
    PlatformSSO: {
      AuthenticationMethod: 'Password',
      UseSharedDeviceKeys: true,
      EnableRegistrationDuringSetup: true,
      TokenToUserMapping: { AccountName: 'macOSAccountUsername', FullName: 'macOSAccountFullName' },
      LoginPolicy: ['AttemptAuthentication'],
      AuthorizationGroups: { 'system.preferences': 'admins' },
    },
  };
  assert.deepEqual(validate('com.apple.extensiblesso', sso).errors, []);
  const typo = validate('com.apple.extensiblesso', { ...sso, PlatformSSO: { ...sso.PlatformSSO, EnableRegistrationDuringSetupAssistant: true } });
  assert.ok(
    typo.errors.some((e) => e.includes('additionalProperties') && e.includes('EnableRegistrationDuringSetupAssistant')),
    typo.errors.join('\n'),
  );
  const wrongType = validate('com.apple.extensiblesso', { ...sso, PlatformSSO: { ...sso.PlatformSSO, UseSharedDeviceKeys: 'true' } });
  assert.ok(
    wrongType.errors.some((e) => e.startsWith('/PlatformSSO/UseSharedDeviceKeys type')),
    wrongType.errors.join('\n'),
  );
  assert.ok(!validate('com.apple.extensiblesso', { ...common, Type: 'Redirect' }).ok, 'ExtensionIdentifier is required');
  assert.ok(!validate('com.apple.extensiblesso', { ...sso, Type: 'redirect' }).ok);
  assert.ok(validate('com.apple.extensiblesso', { ExtensionIdentifier: 'x', Type: 'Credential' }).ok, 'structural keys are not required');

  assert.ok(
    validate('com.apple.associated-domains', {
      ...common,
      Configuration: [{ ApplicationIdentifier: 'B7F62B65BN.com.okta.mobile', AssociatedDomains: ['authsrv:example.okta.com'] }],
    }).ok,
  );
  assert.ok(!validate('com.apple.associated-domains', { ...common, Configuration: [{ ApplicationIdentifier: 'x' }] }).ok);

  assert.ok(
    validate('com.apple.security.scep', {
      ...common,
      PayloadContent: { URL: 'https://x', Keysize: 2048, 'Key Usage': 1, Subject: [[['CN', 'device']]], KeyIsExtractable: false },
    }).ok,
  );
  assert.ok(!validate('com.apple.security.scep', { ...common, PayloadContent: { URL: 'https://x', Keysize: 3000 } }).ok);
  assert.ok(!validate('com.apple.security.scep', { ...common, PayloadContent: { URL: 'https://x', Subject: [[['CN']]] } }).ok);

  const mcx = {
    ...common,
    PayloadContent: {
      'com.okta.mobile': { Forced: [{ mcx_preference_settings: { 'OktaVerify.OrgUrl': 'https://example.okta.com' } }] },
      'com.example': { 'Set-Once': [{ mcx_data_timestamp: '2024-01-01T00:00:00Z', mcx_preference_settings: {} }] },
    },
  };
  assert.deepEqual(validate('com.apple.ManagedClient.preferences', mcx).errors, []);
  assert.ok(!validate('com.apple.ManagedClient.preferences', { ...common, PayloadContent: { d: { Forced: [{}] } } }).ok);
  assert.ok(!validate('com.apple.ManagedClient.preferences', { ...common, PayloadContent: { d: { Forcd: [] } } }).ok);

  const oktaSettings = {
    'OktaVerify.OrgUrl': 'https://example.okta.com',
    'OktaVerify.PasswordSyncClientID': '0oa1234567890abcdefg',
    'PlatformSSO.ProtocolVersion': '2.0',
    'OktaVerify.Plugins': ['com.crowdstrike.zta'],
    'com.crowdstrike.zta': { name: 'com.crowdstrike.zta', location: '/tmp/data.zta', format: 'JWT', type: 'file' },
  };
  assert.deepEqual(validate('com.okta.mobile.auth-service-extension', oktaSettings).errors, []);
  assert.ok(!validate('com.okta.mobile.auth-service-extension', { 'PlatformSSO.ProtocolVersion': 2 }).ok);
  assert.ok(!validate('com.okta.mobile.auth-service-extension', { 'PlatformSSO.ProtocolVersion': '3.0' }).ok);
  assert.ok(!validate('com.okta.mobile', { 'OktaVerify.OrgURL': 'https://example.okta.com' }).ok, 'misspelt Okta keys stay unknown');
  assert.ok(!validate('com.okta.mobile', { OrgUrl: 'x' }).ok);

  assert.ok(!validate('com.apple.mobiledevice.passwordpolicy', { ...common, maxPINAgeInDays: 731 }).ok);
  assert.ok(validate('com.apple.mobiledevice.passwordpolicy', { ...common, maxInactivity: 60 }).ok, 'macOS allows 60 minutes');

  assert.ok(
    validate('Configuration', {
      ...common,
      PayloadType: 'Configuration',
      PayloadScope: 'System',
      PayloadContent: [{ anything: 1 }],
      ConsentText: { default: 'Accept', en: 'Accept' },
    }).ok,
  );
  assert.ok(!validate('Configuration', { ...common, PayloadScope: 'system', PayloadContent: [] }).ok);
});

test('subSchemaAt walks properties, items, maps and pattern keys', () => {
  const sso = getSchema('com.apple.extensiblesso')!;
  assert.equal(subSchemaAt(sso, ['PlatformSSO', 'UseSharedDeviceKeys'])?.plistType, 'boolean');
  assert.equal(subSchemaAt(sso, ['URLs', 0])?.plistType, 'string');
  assert.equal(subSchemaAt(sso, ['PlatformSSO', 'AuthorizationGroups', 'system.preferences'])?.plistType, 'string');
  assert.equal(subSchemaAt(sso, ['PlatformSSO', 'NoSuchKey']), undefined);
  assert.equal(subSchemaAt(sso, ['URLs', 'notAnIndex']), undefined);
  assert.equal(subSchemaAt(sso, []), sso);
  const mcx = getSchema('com.apple.ManagedClient.preferences')!;
  assert.equal(subSchemaAt(mcx, ['PayloadContent', 'com.okta.mobile', 'Forced', 0, 'mcx_preference_settings'])?.plistType, 'dict');
  const okta = getSchema('com.okta.mobile')!;
  assert.equal(subSchemaAt(okta, ['com.crowdstrike.zta', 'location'])?.plistType, 'string');
  assert.equal(subSchemaAt(okta, ['OktaVerify.OrgUrl'])?.plistType, 'string');
  assert.equal(subSchemaAt(okta, ['OktaVerify.Typo']), undefined);
  assert.equal(subSchemaAt(getSchema('com.apple.security.scep')!, ['PayloadContent', 'Subject', 0, 0, 1])?.plistType, 'string');
});

// ---------------------------------------------------------------------------------------------
// Cross-check against Apple's catalog (only where a checkout sits beside the project).

interface CatalogKey {
  key: string;
  type: string;
  presence?: string;
  supportedOS?: { macOS?: Record<string, unknown> };
  subkeys?: CatalogKey[];
}
interface Availability {
  introduced?: string;
  deprecated?: string;
  removed?: string;
}
const CATALOG_TYPES: Record<string, string> = {
  '<string>': 'string',
  '<integer>': 'integer',
  '<real>': 'real',
  '<boolean>': 'boolean',
  '<date>': 'date',
  '<data>': 'data',
  '<array>': 'array',
  '<dictionary>': 'dict',
  '<any>': 'any',
};
// Catalog placeholders that our schema models as the map they stand for.
const CATALOG_EXCEPTIONS = new Set(['Configuration:ConsentText']);

function catalogFile(name: string): { payload: { supportedOS?: { macOS?: Record<string, unknown> } }; payloadkeys: CatalogKey[] } {
  return load(fs.readFileSync(path.join(catalogRoot, 'mdm', 'profiles', `${name}.yaml`), 'utf8')) as never;
}

function availability(parent: Availability | undefined, own: Record<string, unknown> | undefined): Availability | undefined {
  const out: Availability = { ...(parent ?? {}) };
  for (const f of ['introduced', 'deprecated', 'removed'] as const) if (own?.[f] !== undefined) out[f] = String(own[f]);
  return Object.keys(out).length ? out : undefined;
}

function compareKeys(keys: CatalogKey[], schema: JsonSchema, parent: Availability | undefined, where: string, problems: string[]): void {
  for (const k of keys) {
    const plistType = CATALOG_TYPES[k.type];
    if (k.key === 'ANY') {
      const map = schema.additionalProperties;
      if (plistType === 'any') {
        if (!(map === true || map === undefined)) problems.push(`${where}.*: free dictionary must stay open`);
      } else if (typeof map !== 'object' || map.plistType !== plistType) {
        problems.push(`${where}.*: expected a ${plistType} map`);
      } else compareContainer(k, map, parent, `${where}.*`, problems);
      continue;
    }
    const prop: JsonSchema | undefined = schema.properties?.[k.key];
    const at = `${where}.${k.key}`;
    if (!prop) {
      problems.push(`${at}: missing`);
      continue;
    }
    if (prop.plistType !== plistType) problems.push(`${at}: plistType ${prop.plistType}, catalog ${plistType}`);
    const avail = availability(parent, k.supportedOS?.macOS);
    if (JSON.stringify(prop.macOS) !== JSON.stringify(avail)) {
      problems.push(`${at}: macOS ${JSON.stringify(prop.macOS)}, catalog ${JSON.stringify(avail)}`);
    }
    if (k.presence === 'required' && !['PayloadType', 'PayloadVersion', 'PayloadIdentifier', 'PayloadUUID'].includes(k.key)) {
      if (!(schema.required ?? []).includes(k.key)) problems.push(`${at}: required in the catalog`);
    }
    compareContainer(k, prop, avail, at, problems);
  }
}

function compareContainer(k: CatalogKey, schema: JsonSchema, avail: Availability | undefined, where: string, problems: string[]): void {
  const id = where.slice(0, where.indexOf(':'));
  if (CATALOG_EXCEPTIONS.has(`${id}:${where.slice(where.indexOf(':') + 2)}`)) return;
  const plistType = CATALOG_TYPES[k.type];
  if (plistType === 'array' && k.subkeys?.[0]) {
    const item = k.subkeys[0];
    if (schema.items?.plistType !== CATALOG_TYPES[item.type]) problems.push(`${where}[]: item plistType ${schema.items?.plistType}`);
    else compareContainer(item, schema.items, avail, `${where}[]`, problems);
  } else if (plistType === 'dict' && k.subkeys) {
    compareKeys(k.subkeys, schema, avail, where, problems);
  }
}

test('every catalog key is in our schema with the same plist type and macOS availability', (t) => {
  if (!hasCatalog) {
    console.log(`skipped: ${noCatalogReason}`);
    t.skip(noCatalogReason);
    return;
  }
  const problems: string[] = [];
  const common = catalogFile('CommonPayloadKeys');
  const commonAvail = availability(undefined, common.payload.supportedOS?.macOS);
  for (const { id, schema } of allSchemas()) {
    if (id === 'Configuration') {
      const top = catalogFile('TopLevel');
      compareKeys(top.payloadkeys, schema, availability(undefined, top.payload.supportedOS?.macOS), `${id}:`, problems);
      continue;
    }
    compareKeys(common.payloadkeys, schema, commonAvail, `${id}:`, problems);
    if (OKTA_IDS.has(id)) continue;
    const cat = catalogFile(id);
    const macOS = cat.payload.supportedOS?.macOS ?? {};
    const rootAvail = availability(undefined, macOS);
    if (JSON.stringify(schema.macOS) !== JSON.stringify(rootAvail)) problems.push(`${id}: root macOS ${JSON.stringify(schema.macOS)}`);
    if (schema.payload.multiple !== macOS.multiple) problems.push(`${id}: payload.multiple`);
    if (schema.payload.manualInstall !== macOS.allowmanualinstall) problems.push(`${id}: payload.manualInstall`);
    if (schema.payload.userApprovedMDM !== macOS.userapprovedmdm) problems.push(`${id}: payload.userApprovedMDM`);
    compareKeys(cat.payloadkeys, schema, rootAvail, `${id}:`, problems);
  }
  assert.deepEqual(problems, []);
});

test('the committed schemas are what the generator produces', (t) => {
  if (!hasCatalog) {
    console.log(`skipped: ${noCatalogReason}`);
    t.skip(noCatalogReason);
    return;
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-schemas-'));
  try {
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'gen-schemas.mjs'), catalogRoot, '--out', out], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    for (const id of EXPECTED_IDS) {
      const file = `${id}.schema.json`;
      assert.equal(
        fs.readFileSync(path.join(repoRoot, 'schemas', file), 'utf8'),
        fs.readFileSync(path.join(out, file), 'utf8'),
        `${file} is stale: run node scripts/gen-schemas.mjs <apple-device-management>`,
      );
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
