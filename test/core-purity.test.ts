import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const coreDir = join(root, 'server', 'src', 'core');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

// The core is a pure language service: the server and the CLI are shells over it.
const FORBIDDEN =
  /^(?:vscode|vscode-languageserver(?:\/.*)?|vscode-languageclient(?:\/.*)?|vscode-jsonrpc(?:\/.*)?|(?:node:)?fs(?:\/promises)?|(?:node:)?child_process|(?:node:)?net|(?:node:)?http|(?:node:)?https)$/;

test('the core imports neither vscode, vscode-languageserver nor fs', () => {
  const files = tsFiles(coreDir);
  assert.ok(files.length > 5, 'core files found');
  const offenders: string[] = [];
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    const specs = [
      ...src.matchAll(
        /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm,
      ),
    ].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
    for (const s of specs) if (FORBIDDEN.test(s)) offenders.push(`${f.slice(root.length + 1)} imports ${s}`);
    // Relative imports must stay inside the core (or reach the schemas folder).
    for (const s of specs) {
      if (!s.startsWith('.')) continue;
      const target = resolve(f, '..', s);
      if (!target.startsWith(coreDir) && !target.startsWith(join(root, 'schemas')))
        offenders.push(`${f.slice(root.length + 1)} reaches outside the core: ${s}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('the purity check itself catches a forbidden import', () => {
  assert.ok(FORBIDDEN.test('fs'));
  assert.ok(FORBIDDEN.test('node:fs'));
  assert.ok(FORBIDDEN.test('vscode-languageserver/node'));
  assert.ok(FORBIDDEN.test('vscode'));
  assert.ok(!FORBIDDEN.test('ajv'));
});
