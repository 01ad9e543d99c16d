#!/usr/bin/env node
// Packs a web-only variant of the VSIX: the same files, but a manifest with `browser` and no `main`,
// so a VS Code that also has a node extension host (code-server) must run it in the browser's
// web-worker extension host, as github.dev and vscode.dev do. The e2e suite installs it to prove
// the web build works; users install the ordinary VSIX, which carries both entries.
//
//   node scripts/package-web-vsix.mjs [--out <file.vsix>] [--skip-build]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outIndex = args.indexOf('--out');
const vsixPath = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, `${manifest.name}-web-${manifest.version}.vsix`);

function run(command, commandArgs, cwd) {
  const result = spawnSync(command, commandArgs, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`package-web-vsix: ${command} ${commandArgs.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
    process.exit(1);
  }
}

if (!args.includes('--skip-build')) run(process.execPath, [join(root, 'scripts/build.mjs'), '--production', '--no-tests'], root);

const stage = mkdtempSync(join(tmpdir(), 'dps-web-vsix-'));
try {
  // The ordinary VSIX's allowlist decides what is copied; only the manifest differs.
  for (const entry of ['README.md', 'LICENSE', 'icon.png', 'language-configuration.json', '.vscodeignore', 'dist', 'schemas', 'snippets', 'syntaxes', 'docs']) {
    cpSync(join(root, entry), join(stage, entry), { recursive: true });
  }
  const { main: _main, ...web } = manifest;
  if (!web.browser) throw new Error('package.json has no "browser" entry');
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(web, null, 2)}\n`);
  run(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsixPath], stage);
  console.log(`${vsixPath}: web-only (browser entry ${web.browser}), ${(statSync(vsixPath).size / 1024).toFixed(1)} KB`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
