import { version } from '../../../package.json';
import { runCli } from './dispatch';
import { EXIT_USAGE } from './exit-codes';
import { formatBytes, LIMITS } from '../node/read-file';
import { fdStream } from '../node/fd-stream';
import { compileAllValidators } from '../core';

/** Entry point of dist/cli.js (launched by bin/dps-profiles.js). */
function readStdin(): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    process.stdin.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > LIMITS.profileBytes) {
        // An endless stream (`yes | dps-profiles check --stdin`) stops here instead of filling memory.
        process.stdin.destroy();
        reject(new Error(`standard input is larger than the limit of ${formatBytes(LIMITS.profileBytes)}`));
        return;
      }
      chunks.push(chunk);
    });
    process.stdin.on('end', () => resolve(Buffer.concat(chunks)));
    process.stdin.on('error', reject);
  });
}

// bin/dps-profiles.js calls this before it writes the code cache of a long run (bin/v8-tuning.js).
(globalThis as Record<symbol, unknown>)[Symbol.for('dps-profiles.before-code-cache')] = compileAllValidators;

runCli({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: process.env,
  stdout: fdStream(1, () => process.stdout),
  stderr: fdStream(2, () => process.stderr),
  readStdin,
  toolVersion: version,
}).then(
  (code) => {
    // exitCode, not exit(): let piped stdout drain first.
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`dps-profiles: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
