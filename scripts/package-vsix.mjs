#!/usr/bin/env node
// Builds production bundles and packs dps-profiles-<version>.vsix with @vscode/vsce.
// Everything the extension runs is bundled by esbuild, so vsce runs with --no-dependencies
// and .vscodeignore keeps the package to an allowlist. Prints the file list and the size.
//
//   node scripts/package-vsix.mjs [--out <file.vsix>] [--skip-build]
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outIndex = args.indexOf('--out');
const vsixPath = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, `${manifest.name}-${manifest.version}.vsix`);

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
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

const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
run(process.execPath, [
  vsce,
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  // README links stay relative: there is no public repository URL to point them at.
  '--no-rewrite-relative-links',
  '--out',
  vsixPath,
]);

const entries = zipEntries(vsixPath).sort((a, b) => a.name.localeCompare(b.name));
console.log(`\n${relative(process.cwd(), vsixPath) || vsixPath}: ${entries.length} files`);
for (const e of entries) console.log(`  ${e.name.padEnd(72)} ${kb(e.size).padStart(10)}`);
const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
console.log(`size: ${kb(statSync(vsixPath).size)} packed, ${kb(unpacked)} unpacked`);
