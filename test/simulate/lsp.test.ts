/** The language server's `dpsProfiles/simulate` request, as the webview uses it, against the real bundle. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimulateRequest } from '../../server/src/protocol';
import { repoRoot as root, startServer } from '../helpers/lsp-server';

test('dpsProfiles/simulate answers with the timeline of the open document, following edits and scenarios', async (t) => {
  const server = await startServer(t, { initialize: { capabilities: {} } });
  // A folder that does not exist on disk: the deployment is the open document alone.
  const uri = 'file:///dps-preview-test-nowhere/okta.mobileconfig';
  const text = readFileSync(join(root, 'examples', 'okta-dps-psso2.mobileconfig'), 'utf8');
  server.open(uri, text);
  const ask = (scenario: unknown) => server.request(SimulateRequest, { uri, scenario });

  const on14 = await ask({ macOS: '14.0' });
  assert.ok(on14);
  assert.equal(on14.timeline.outcomeStatus, 'ok');
  const keys = on14.timeline.steps.find((s) => s.id === 'registration')!.drivers.find((d) => d.keyPath?.endsWith('UseSharedDeviceKeys'));
  assert.equal(keys?.documentId, uri);
  assert.ok(keys?.range && keys.range.start.line > 0, 'drivers carry ranges for the webview to reveal');

  const on13 = await ask({ macOS: '13.0', device: { appleSilicon: false } });
  assert.equal(on13?.timeline.steps.find((s) => s.id === 'registration-notification')?.status, 'fails');

  // An edit that turns the Device Access certificate into an unrelated Wi-Fi one: the preview follows it.
  const edited = text
    .replace('<string>Okta Device Access SCEP certificate</string>', '<string>Wi-Fi</string>')
    .replace('https://example.okta.com/pki/0ca1b2c3d4e5f6g7h8i9/scep', 'https://ca.example.net/scep')
    .replace('<string>Okta Device Access</string>', '<string>Wi-Fi</string>')
    .replace('Okta Device Access $SERIAL_NUMBER', 'wifi')
    .replace('com.example.okta.dps.psso2.scep', 'com.example.wifi');
  server.change(uri, 2, [{ text: edited }]);
  const afterEdit = await ask({ macOS: '14.0' });
  // No Device Access certificate among the files: undecided whether it comes another way, so a warning (DPS414).
  assert.equal(afterEdit?.timeline.steps.find((s) => s.id === 'scep-certificate')?.status, 'warning');

  const bad = await ask({ macOS: 'soon', delivery: 'pigeon' });
  assert.equal(bad?.scenarioErrors.length, 2);

  assert.equal(await server.request(SimulateRequest, { uri: 'file:///not-open.mobileconfig' }), null);
});
