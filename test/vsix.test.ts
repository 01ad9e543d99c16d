import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';

const root = path.resolve(__dirname, '..', '..');
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const SIZE_LIMIT = 2 * 1024 * 1024;

/** What a VSIX of this extension may hold: the bundles and the files the manifest points at. */
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/(package\.json|readme\.md|LICENSE\.txt|icon\.png|language-configuration\.json)$/,
  /^extension\/dist\/(web\/)?(client|server)\.js$/,
  /^extension\/(schemas|snippets|syntaxes)\/[^/]+\.json$/,
  /^extension\/docs\/rules\/[^/]+\.md$/,
];

interface ZipEntry {
  name: string;
  size: number;
  read(): Buffer;
}

/** The entries of a zip from its central directory; enough for a VSIX (no zip64, stored or deflated). */
function readZip(file: string): ZipEntry[] {
  const zip = fs.readFileSync(file);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, `${file} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central directory entry signature');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const read = (): Buffer => {
      const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      return method === 0 ? data : inflateRawSync(data);
    };
    entries.push({ name, size, read });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

test('the VSIX holds only what the extension needs, stays small and is self-contained', { timeout: 180_000 }, (t) => {
  if (!fs.existsSync(vsce)) {
    t.skip('@vscode/vsce is not installed (npm ci installs it): cannot package');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-vsix-test-'));
  tempDirs.push(dir);
  const vsixPath = path.join(dir, 'dps-profiles.vsix');
  const packed = spawnSync(process.execPath, [path.join(root, 'scripts', 'package-vsix.mjs'), '--out', vsixPath], { cwd: root, encoding: 'utf8' });
  assert.equal(packed.status, 0, `packaging failed:\n${packed.stdout}\n${packed.stderr}`);

  const size = fs.statSync(vsixPath).size;
  t.diagnostic(`VSIX size: ${(size / 1024).toFixed(1)} KB`);
  assert.ok(size < SIZE_LIMIT, `VSIX is ${size} bytes, over the ${SIZE_LIMIT} limit`);

  const entries = readZip(vsixPath);
  const names = entries.map((e) => e.name);
  const unexpected = names.filter((n) => !ALLOWED.some((re) => re.test(n)));
  assert.deepEqual(unexpected, [], 'files that should not be in the VSIX');

  const packagedManifest = JSON.parse(
    entries
      .find((e) => e.name === 'extension/package.json')!
      .read()
      .toString('utf8'),
  );
  // Every file the manifest points at must ship, or VS Code loads a half-working extension.
  const referenced = [
    packagedManifest.main,
    packagedManifest.icon,
    ...(packagedManifest.contributes?.languages ?? []).map((l: { configuration?: string }) => l.configuration),
    ...(packagedManifest.contributes?.grammars ?? []).map((g: { path: string }) => g.path),
    ...(packagedManifest.contributes?.snippets ?? []).map((s: { path: string }) => s.path),
    ...(packagedManifest.contributes?.jsonValidation ?? []).map((j: { url: string }) => j.url).filter((u: string) => !/^\w+:/.test(u)),
  ].filter((p): p is string => typeof p === 'string');
  const required = [
    ...referenced.map((p) => `extension/${path.posix.normalize(p)}`),
    'extension/dist/server.js',
    'extension/LICENSE.txt',
    'extension/readme.md',
    // Diagnostics link to these pages inside the installed extension.
    ...fs
      .readdirSync(path.join(root, 'docs', 'rules'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `extension/docs/rules/${f}`),
    ...fs
      .readdirSync(path.join(root, 'schemas'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => `extension/schemas/${f}`),
  ];
  const missing = [...new Set(required)].filter((n) => !names.includes(n));
  assert.deepEqual(missing, [], 'files the extension needs but the VSIX lacks');

  // The extension page shows the packaged README: its links and images must be absolute (docs/ is not packaged).
  const readme = entries
    .find((e) => e.name === 'extension/readme.md')!
    .read()
    .toString('utf8');
  const targets = [...readme.matchAll(/\]\(([^)\s]+)/g)].map((m) => m[1]);
  assert.ok(
    targets.some((u) => u.includes('/raw/HEAD/docs/screenshots/')),
    'screenshots point at the repository',
  );
  assert.deepEqual(
    targets.filter((u) => !/^(https:\/\/|#|mailto:)/.test(u)),
    [],
    'relative links in the packaged README',
  );

  // No node_modules ship, so the bundles may load only Node's own modules (and `vscode` in the client).
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  for (const bundle of ['extension/dist/client.js', 'extension/dist/server.js']) {
    const code = entries
      .find((e) => e.name === bundle)!
      .read()
      .toString('utf8');
    // A require inside a string is generated code (ajv's standalone templates), not a load.
    const required = [...code.matchAll(/(?<!['"`])\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    const external = [...new Set(required)].filter((m) => !builtins.has(m) && !(bundle.endsWith('client.js') && m === 'vscode'));
    assert.deepEqual(external, [], `${bundle} requires modules that are not in the VSIX`);
  }
});
