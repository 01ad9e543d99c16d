/** The plan's core over before/after fixture folders: every change kind, every documented migration. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHANGE_KINDS, MIGRATIONS, planChange, type ChangeKind, type Plan } from '../../server/src/core/plan';
import { checkDeployment, type DeploymentInput } from '../../server/src/core';
import { diffProblems } from '../../server/src/core/plan/engine';

const fixtures = resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'plan');

interface Expect {
  profiles: Record<string, ChangeKind>;
  payloads: Record<string, ChangeKind>;
  cells: Record<string, string[]>;
  migrations: Record<string, { status: string; steps: string[] }>;
  brokenReferences: string[];
  introduced: string[];
  fixed: string[];
  affectsUsers: boolean;
}

function read(dir: string, prefix = ''): DeploymentInput[] {
  return readdirSync(dir)
    .sort()
    .map((f) => ({ documentId: `${prefix}${f}`, fileName: f, bytes: readFileSync(join(dir, f)) }));
}

function planOf(name: string): Plan {
  return planChange(read(join(fixtures, name, 'before')), read(join(fixtures, name, 'after')), { base: 'before', head: 'after' });
}

const cases = readdirSync(fixtures).sort();
const seenKinds = new Set<ChangeKind>();
const seenMigrations = new Set<string>();

for (const name of cases) {
  test(`fixture ${name}`, () => {
    const expect = JSON.parse(readFileSync(join(fixtures, name, 'expect.json'), 'utf8')) as Expect;
    const plan = planOf(name);
    assert.equal(plan.deployments.length, 1);
    const d = plan.deployments[0];
    assert.deepEqual(Object.fromEntries(d.profiles.map((p) => [p.fileAfter ?? p.fileBefore, p.kind])), expect.profiles, 'profile changes');
    const payloads = d.profiles.flatMap((p) => p.payloads);
    assert.deepEqual(
      Object.fromEntries(payloads.filter((x) => x.kind !== 'unchanged').map((x) => [x.identifier ?? x.type, x.kind])),
      expect.payloads,
      'payload changes',
    );
    const cells = Object.fromEntries(
      d.fleet.filter((c) => c.impacts.length).map((c) => [`${c.macOS} ${c.state}`, [...new Set(c.impacts.map((i) => i.kind))].sort()]),
    );
    assert.deepEqual(cells, expect.cells, 'what each kind of Mac sees');
    assert.deepEqual(
      Object.fromEntries(d.migrations.map((m) => [m.id, { status: m.status, steps: m.steps.map((s) => s.status) }])),
      expect.migrations,
      'migrations',
    );
    assert.deepEqual(
      d.brokenReferences.map((r) => r.keyPath),
      expect.brokenReferences,
      'broken references',
    );
    assert.deepEqual(
      d.problems.introduced.map((p) => p.code),
      expect.introduced,
      'problems introduced',
    );
    assert.deepEqual(
      d.problems.fixed.map((p) => p.code),
      expect.fixed,
      'problems fixed',
    );
    assert.equal(plan.summary.affectsUsers, expect.affectsUsers, 'affects users');
    // Every impact and migration names its source; every impact but a removed deployment's names a key.
    for (const c of d.fleet) {
      if (!c.applicable) assert.equal(c.impacts.length, 0);
      for (const i of c.impacts) assert.match(i.source, /^https:\/\//, `${name} ${c.macOS} ${c.state} ${i.kind}`);
    }
    for (const m of d.migrations) assert.equal(m.steps.length, MIGRATIONS[m.id as keyof typeof MIGRATIONS].steps.length);
    for (const p of d.profiles) {
      seenKinds.add(p.kind);
      for (const x of p.payloads) seenKinds.add(x.kind);
    }
    for (const m of d.migrations) seenMigrations.add(m.id);
  });
}

test('the fixtures cover every change kind and every documented migration', () => {
  assert.deepEqual([...seenKinds].sort(), Object.keys(CHANGE_KINDS).sort());
  assert.deepEqual([...seenMigrations].sort(), Object.keys(MIGRATIONS).sort());
});

test('the certificate must be on the Mac before the SSO payload asks for it: order of the 1.0 → 2.0 steps', () => {
  const step2 = (name: string) => planOf(name).deployments[0].migrations.find((m) => m.id === 'psso1-to-psso2')!.steps[1];
  assert.equal(step2('psso1-to-psso2').status, 'ok');
  assert.match(step2('psso1-to-psso2').says, /same profile/);
  assert.equal(step2('psso1-to-psso2-scep-separate').status, 'warning');
  assert.match(step2('psso1-to-psso2-scep-separate').says, /push the certificate profile first/);
  assert.equal(step2('psso1-to-psso2-no-scep').status, 'missing');
});

test('a Mac registered with PSSO 1.0 on macOS 14 re-registers; one that stays on 13 loses sync; the key behind each is named', () => {
  const d = planOf('psso1-to-psso2').deployments[0];
  const cell = (v: string, s: string) => d.fleet.find((c) => c.macOS === v && c.state === s)!;
  const rereg = cell('14.0', 'psso1').impacts.find((i) => i.kind === 'reregistration')!;
  assert.ok(rereg.keys.some((k) => k.keyPath === 'PayloadContent[0].PlatformSSO'));
  assert.ok(rereg.keys.some((k) => k.keyPath === 'PayloadContent[3]["PlatformSSO.ProtocolVersion"]'));
  assert.match(rereg.source, /configure-psso-oda/);
  assert.equal(cell('13.0', 'psso2').applicable, false, 'no Platform SSO 2.0 on macOS 13');
  assert.ok(cell('13.0', 'psso1').impacts.some((i) => i.kind === 'lost-sync'));
});

test('a refused new version is an install failure, not lost sync: the Mac keeps the old profile', () => {
  const d = planOf('install-failure').deployments[0];
  const cell = d.fleet.find((c) => c.macOS === '15.0' && c.state === 'psso2')!;
  assert.deepEqual(
    cell.impacts.map((i) => i.kind),
    ['install-failure'],
  );
  assert.ok(cell.impacts[0].keys.some((k) => k.keyPath === 'PayloadContent[0].URLs[2]'));
});

test('problems are compared by code, file and key path, not by line', () => {
  const text = readFileSync(join(fixtures, 'psso1-to-psso2-no-scep', 'after', 'okta-dps.mobileconfig'), 'utf8');
  const refs = (t: string) =>
    checkDeployment([{ documentId: 'a.mobileconfig', text: t }]).flatMap((r) =>
      r.problems.map((p) => ({ code: p.code, severity: p.severity, file: r.documentId, keyPath: p.keyPath, message: p.message })),
    );
  const before = refs(text);
  assert.ok(before.some((p) => p.code === 'DPS414'));
  const shifted = refs(text.replace('<plist version="1.0">', '\n\n\n<plist version="1.0">'));
  assert.deepEqual(diffProblems(before, shifted), { introduced: [], fixed: [] });
});

test('deployments are grouped by folder as in check; an unchanged folder is there with nothing to report', () => {
  const p2 = readFileSync(resolve(fixtures, '..', '..', '..', 'examples', 'okta-dps-psso2.mobileconfig'));
  const p1 = readFileSync(resolve(fixtures, '..', '..', '..', 'examples', 'macos13', 'okta-dps-psso1-macos13.mobileconfig'));
  const moved = Buffer.from(p2.toString('utf8').replace('7B28FA8B-B57A-4275-BF4C-CD30F19E5F2E', 'A1B2C3D4-E5F6-4789-8ABC-DEF012345678'));
  const before = [
    { documentId: 'fleet/a.mobileconfig', bytes: p2 },
    { documentId: 'fleet/macos13/b.mobileconfig', bytes: p1 },
  ];
  const after = [
    { documentId: 'fleet/a.mobileconfig', bytes: moved },
    { documentId: 'fleet/macos13/b.mobileconfig', bytes: p1 },
  ];
  const plan = planChange(before, after);
  assert.deepEqual(
    plan.deployments.map((d) => d.group),
    ['fleet', 'fleet/macos13'],
  );
  assert.ok(plan.deployments[0].fleet.some((c) => c.impacts.some((i) => i.kind === 'reregistration')));
  assert.ok(plan.deployments[1].fleet.every((c) => c.impacts.length === 0));
  assert.ok(plan.deployments[1].profiles.every((p) => p.kind === 'unchanged'));
  // All inputs as one deployment: the two SSO payloads now meet (DPS416 mixed versions in both sides).
  assert.equal(planChange(before, after, { grouping: 'all' }).deployments.length, 1);
});

test('--fail-on decides what affects users', () => {
  const before = read(join(fixtures, 'add-device-access-scep', 'before'));
  const after = read(join(fixtures, 'add-device-access-scep', 'after'));
  assert.equal(planChange(before, after).summary.affectsUsers, false);
  assert.equal(planChange(before, after, { failOn: ['scep-request'] }).summary.affectsUsers, true);
  const broken = planOf('broken-reference');
  assert.equal(broken.summary.affectsUsers, true, 'a broken reference counts by default');
  assert.equal(
    planChange(read(join(fixtures, 'broken-reference', 'before')), read(join(fixtures, 'broken-reference', 'after')), { failOn: ['reregistration'] }).summary
      .affectsUsers,
    false,
  );
});

test('bad input never crashes: unreadable, empty and non-profile files on either side', () => {
  const junk = [
    { documentId: 'x/empty.mobileconfig', text: '' },
    { documentId: 'x/broken.mobileconfig', text: '<plist><dict><key>PayloadContent</key><array><dict>' },
    { documentId: 'x/bytes.mobileconfig', bytes: new Uint8Array([0xff, 0xfe, 0, 0, 1, 2, 3]) },
  ];
  const plan = planChange(junk, []);
  assert.equal(plan.deployments.length, 1);
  assert.ok(plan.deployments[0].profiles.every((p) => p.kind === 'removed'));
  const back = planChange([], junk);
  assert.ok(back.deployments[0].profiles.every((p) => p.kind === 'added'));
  assert.deepEqual(planChange([], []).deployments, []);
});

test('docs/plan.md explains every change kind, impact kind, registration fact and migration, with every source', async () => {
  const { IMPACT_KINDS, REGISTRATION_FACTS, PLAN_SOURCES } = await import('../../server/src/core/plan');
  const doc = readFileSync(resolve(fixtures, '..', '..', '..', 'docs', 'plan.md'), 'utf8');
  for (const kind of Object.keys(CHANGE_KINDS)) assert.ok(doc.includes(`\`${kind}\``), `change kind ${kind}`);
  for (const kind of Object.keys(IMPACT_KINDS)) assert.ok(doc.includes(`\`${kind}\``), `impact kind ${kind}`);
  for (const id of Object.keys(REGISTRATION_FACTS)) assert.ok(doc.includes(`\`${id}\``), `registration fact ${id}`);
  for (const id of Object.keys(MIGRATIONS)) assert.ok(doc.includes(`\`${id}\``), `migration ${id}`);
  const cited = new Set([
    ...Object.values(CHANGE_KINDS).map((k) => k.source),
    ...Object.values(REGISTRATION_FACTS).map((f) => f.source),
    ...Object.values(MIGRATIONS).map((m) => m.source),
  ]);
  for (const url of cited) assert.ok(doc.includes(url), `source ${url}`);
  assert.ok(Object.values(PLAN_SOURCES).length > 0);
});

test('deviceAccessScep "included": a 1.0 → 2.0 change without the certificate breaks the registration it asks for', () => {
  const before = read(join(fixtures, 'psso1-to-psso2-no-scep', 'before'));
  const after = read(join(fixtures, 'psso1-to-psso2-no-scep', 'after'));
  const cell = (p: Plan) =>
    p.deployments[0].fleet
      .find((c) => c.macOS === '14.0' && c.state === 'psso1')!
      .impacts.map((i) => i.kind)
      .sort();
  // By default the certificate may come from elsewhere (DPS414 is a warning), as in check.
  assert.deepEqual(cell(planChange(before, after)), ['reregistration']);
  assert.deepEqual(cell(planChange(before, after, { deviceAccessScep: 'included' })), ['registration-broken', 'reregistration']);
});
