/** The language server's `dpsProfiles/plan` request (the preview's "Changes since HEAD"), against the real bundle. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PlanRequest } from '../../server/src/protocol';
import { repoRoot as root, startServer } from '../helpers/lsp-server';

const macos13 = readFileSync(join(root, 'examples', 'macos13', 'okta-dps-psso1-macos13.mobileconfig'), 'utf8');
const migrated = readFileSync(join(root, 'test', 'fixtures', 'plan', 'psso1-to-psso2', 'after', 'okta-dps.mobileconfig'), 'utf8');

test('dpsProfiles/plan: the open document against its base text, following edits', async (t) => {
  const server = await startServer(t, { initialize: { capabilities: {} } });
  const uri = 'file:///dps-plan-test-nowhere/okta.mobileconfig';
  server.open(uri, macos13);
  const ask = (baseText: string | null) => server.request(PlanRequest, { uri, baseText, baseLabel: 'HEAD' });

  const same = await ask(macos13);
  assert.ok(same);
  assert.equal(same.plan.summary.affectsUsers, false);
  assert.ok(same.plan.deployments.every((d) => d.profiles.every((p) => p.kind === 'unchanged')));

  // The user types the 2.0 layout into the editor: the plan follows.
  server.change(uri, 2, [{ text: migrated }]);
  const moved = await ask(macos13);
  assert.ok(moved);
  assert.equal(moved.plan.base, 'HEAD');
  const d = moved.plan.deployments[0];
  assert.deepEqual(
    d.profiles.map((p) => [p.fileAfter, p.kind]),
    [['okta.mobileconfig', 'updated']],
  );
  assert.ok(d.migrations.some((m) => m.id === 'psso1-to-psso2'));
  assert.ok(d.fleet.find((c) => c.macOS === '14.0' && c.state === 'psso1')!.impacts.some((i) => i.kind === 'reregistration'));

  // A file that is not in HEAD: every profile is added.
  const fresh = await ask(null);
  assert.deepEqual(
    fresh?.plan.deployments[0].profiles.map((p) => p.kind),
    ['added'],
  );

  assert.equal(await server.request(PlanRequest, { uri: 'file:///not-open.mobileconfig', baseText: null, baseLabel: 'HEAD' }), null);
});

test('dpsProfiles/plan: the other profiles of the folder are the same on both sides', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dps-plan-lsp-'));
  try {
    const psso2 = readFileSync(join(root, 'examples', 'okta-dps-psso2.mobileconfig'), 'utf8');
    writeFileSync(join(dir, 'a.mobileconfig'), psso2);
    const passcode = readFileSync(join(root, 'test', 'fixtures', 'plan', 'added', 'after', 'passcode.mobileconfig'), 'utf8');
    writeFileSync(join(dir, 'passcode.mobileconfig'), passcode);
    const server = await startServer(t, { initialize: { capabilities: {} } });
    const uri = pathToFileURL(join(dir, 'a.mobileconfig')).toString();
    server.open(uri, psso2.replace('7B28FA8B-B57A-4275-BF4C-CD30F19E5F2E', 'A1B2C3D4-E5F6-4789-8ABC-DEF012345678'));
    const r = await server.request(PlanRequest, { uri, baseText: psso2, baseLabel: 'HEAD' });
    assert.ok(r);
    const d = r.plan.deployments[0];
    assert.deepEqual(d.filesAfter.slice().sort(), ['a.mobileconfig', 'passcode.mobileconfig']);
    assert.deepEqual(Object.fromEntries(d.profiles.map((p) => [p.fileAfter, p.kind])), { 'a.mobileconfig': 'updated', 'passcode.mobileconfig': 'unchanged' });
    assert.ok(d.fleet.some((c) => c.impacts.some((i) => i.kind === 'reregistration')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
