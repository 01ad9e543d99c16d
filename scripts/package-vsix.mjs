#!/usr/bin/env node
// Builds production bundles and packs dps-profiles-<version>.vsix with @vscode/vsce.
// Everything the extension runs is bundled by esbuild, so vsce runs with --no-dependencies
// and .vscodeignore keeps the package to an allowlist. Prints the file list and the size.
// vsce refuses a package.json with "files" (the npm package's allowlist) next to a .vscodeignore,
// so it packs a staging copy of the allowlisted files whose package.json has no "files". The
// README's relative links and images become absolute (the repository's blob/ and raw/ URLs), since
// docs/*.md and docs/screenshots/ are not in the VSIX.
//
// --web-only packs a variant whose manifest has `browser` and no `main`, so a VS Code that also has a
// node extension host (code-server) must run it in the browser's web-worker host, as github.dev and
// vscode.dev do; the e2e suite installs it. Users install the ordinary VSIX, which carries both entries.
//
//   node scripts/package-vsix.mjs [--out <file.vsix>] [--skip-build] [--web-only]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const webOnly = args.includes('--web-only');
const outIndex = args.indexOf('--out');
const vsixPath = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, `${manifest.name}${webOnly ? '-web' : ''}-${manifest.version}.vsix`);

function run(command, commandArgs, cwd = root) {
  const result = spawnSync(command, commandArgs, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`package-vsix: ${command} ${commandArgs.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
    process.exit(1);
  }
}

/** Names and sizes from the zip's central directory (a VSIX is a plain zip). */
function zipEntries(file) {
  const zip = readFileSync(file);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      size: zip.readUInt32LE(at + 24),
      compressedSize: zip.readUInt32LE(at + 20),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

if (!args.includes('--skip-build')) {
  // --no-tests: a test run may be reading out/test while this packs.
  run(process.execPath, [join(root, 'scripts/build.mjs'), '--production', '--no-tests']);
}

/** The files .vscodeignore allows (`!path` or `!dir/*.ext` lines), copied into a staging folder. */
function stage() {
  const dir = mkdtempSync(join(tmpdir(), 'dps-vsix-'));
  const allowed = readFileSync(join(root, '.vscodeignore'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('!'))
    .map((l) => l.slice(1).trim());
  for (const pattern of allowed) {
    const star = pattern.indexOf('*');
    if (star < 0) {
      cpSync(join(root, pattern), join(dir, pattern));
      continue;
    }
    const folder = pattern.slice(0, pattern.lastIndexOf('/', star));
    const suffix = pattern.slice(star + 1);
    for (const name of readdirSync(join(root, folder))) if (name.endsWith(suffix)) cpSync(join(root, folder, name), join(dir, folder, name));
  }
  cpSync(join(root, '.vscodeignore'), join(dir, '.vscodeignore'));
  const staged = { ...manifest };
  delete staged.files;
  if (webOnly) {
    if (!staged.browser) throw new Error('package.json has no "browser" entry');
    delete staged.main;
  }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(staged, null, 2)}\n`);
  return dir;
}

const staging = stage();
try {
  const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
  // With "repository" in package.json, vsce rewrites the README's relative links to
  // <repository>/blob/HEAD/… and its images to <repository>/raw/HEAD/….
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsixPath], staging);
} finally {
  rmSync(staging, { recursive: true, force: true });
}

const entries = zipEntries(vsixPath).sort((a, b) => a.name.localeCompare(b.name));
console.log(`\n${relative(process.cwd(), vsixPath) || vsixPath}: ${entries.length} files`);
for (const e of entries) console.log(`  ${e.name.padEnd(72)} ${kb(e.size).padStart(10)}`);
const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
console.log(`size: ${kb(statSync(vsixPath).size)} packed, ${kb(unpacked)} unpacked`);
