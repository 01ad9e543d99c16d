#!/usr/bin/env node
// The real-VS-Code end-to-end suite in one command (exit 0 when it passes):
//   1. scripts/e2e-setup.sh   Chromium, ripgrep and code-server 4.100.3 (cached in .vscode-test/)
//   2. package-vsix.mjs       the VSIX a user would install
//   2b. package-vsix.mjs --web-only  the variant with a browser entry and no main, for the web-worker host
//   3. test/e2e/*.e2e.ts      bundled and run with node:test, inside a network namespace with only
//                             loopback when the machine allows one (proves it works offline)
// Options: --skip-setup, --suite=vscode|web, --update-screenshots (copy the key screenshots to docs/screenshots/),
//          --no-isolate (keep the network).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = new Set(process.argv.slice(2));
const SUITE_TIMEOUT_MS = 12 * 60_000;
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, `${manifest.name}-${manifest.version}.vsix`);
const codeServer = join(root, '.vscode-test/code-server/node_modules/.bin/code-server');
const artifacts = join(root, 'test-artifacts/e2e');
const timings = [];
const started = Date.now();

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

function finish(code, counts) {
  const summary = counts ? `${counts.pass} passed, ${counts.fail} failed, ${counts.skipped} skipped` : '0 passed, 1 failed';
  console.log(`\ne2e: ${timings.map(([name, ms]) => `${name} ${seconds(ms)}`).join(', ')}; total ${seconds(Date.now() - started)}`);
  console.log(`e2e: ${summary}`);
  process.exit(code);
}

function step(name, command, commandArgs) {
  console.log(`\n== e2e: ${name}`);
  const t0 = Date.now();
  const r = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', timeout: SUITE_TIMEOUT_MS });
  timings.push([name, Date.now() - t0]);
  if (r.status !== 0) {
    console.error(`e2e: ${name} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
    finish(1);
  }
}

/** A network namespace with only loopback, if this machine lets us make one (root, unshare, ip). */
function isolationPrefix() {
  if (args.has('--no-isolate') || process.platform !== 'linux') return undefined;
  const probe = spawnSync('unshare', ['--net', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' });
  if (probe.status !== 0) return undefined;
  return ['unshare', '--net', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"'];
}

if (!args.has('--skip-setup')) step('setup', 'bash', [join(root, 'scripts/e2e-setup.sh')]);
if (!existsSync(codeServer)) {
  console.error(`e2e: ${codeServer} is missing; run scripts/e2e-setup.sh`);
  finish(1);
}
step('package', process.execPath, [join(root, 'scripts/package-vsix.mjs')]);
const webVsix = join(root, `${manifest.name}-web-${manifest.version}.vsix`);
step('package (web)', process.execPath, [join(root, 'scripts/package-vsix.mjs'), '--skip-build', '--web-only', '--out', webVsix]);

console.log('\n== e2e: suite');
// --suite=web (or =vscode) runs one suite only.
const only = process.argv.find((a) => a.startsWith('--suite='))?.slice('--suite='.length);
const suites = ['vscode.e2e', 'web.e2e'].filter((name) => !only || name === `${only}.e2e`);
await esbuild.build({
  entryPoints: suites.map((name) => join(root, `test/e2e/${name}.ts`)),
  outdir: join(root, 'out/e2e'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

mkdirSync(artifacts, { recursive: true });
const tapFile = join(root, 'out/e2e/results.tap');
const testArgs = [
  '--test',
  '--test-concurrency=1',
  '--enable-source-maps',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${tapFile}`,
  ...suites.map((name) => join(root, `out/e2e/${name}.js`)),
];
const isolation = isolationPrefix();
console.log(isolation ? 'network: isolated (loopback only)' : 'network: not isolated (--no-isolate, or no network namespace on this machine)');
const command = isolation ? [...isolation, process.execPath, ...testArgs] : [process.execPath, ...testArgs];
const env = {
  ...process.env,
  DPS_E2E_VSIX: vsix,
  DPS_E2E_WEB_VSIX: webVsix,
  DPS_E2E_CODE_SERVER: codeServer,
  DPS_E2E_ARTIFACTS: artifacts,
  DPS_E2E_UPDATE_SCREENSHOTS: args.has('--update-screenshots') ? '1' : '0',
};

const t0 = Date.now();
// Own process group, so a timeout can stop the runner and its test process together by id.
const runner = spawn(command[0], command.slice(1), { cwd: root, env, stdio: 'inherit', detached: true });
const killTimer = setTimeout(() => {
  console.error(`e2e: suite exceeded ${SUITE_TIMEOUT_MS / 60_000} minutes; stopping it`);
  try {
    process.kill(-runner.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}, SUITE_TIMEOUT_MS);
const [code, signal] = await new Promise((r) => runner.on('exit', (c, s) => r([c, s])));
clearTimeout(killTimer);
timings.push(['suite', Date.now() - t0]);

const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)`, 'm').exec(tap)?.[1] ?? 0);
const counts = { pass: count('pass'), fail: count('fail') + count('cancelled'), skipped: count('skipped') };
console.log(`screenshots and logs: ${artifacts}`);
finish(code === 0 && !signal && counts.fail === 0 ? 0 : 1, code === 0 || counts.pass + counts.fail > 0 ? counts : undefined);
