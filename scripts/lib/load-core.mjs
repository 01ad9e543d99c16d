// Bundle the pure core (server/src/core) into out/<name>.js and load it, for scripts that call it in process.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export async function loadCore(root, name) {
  const outfile = join(root, 'out', `${name}.js`);
  mkdirSync(join(root, 'out'), { recursive: true });
  await esbuild.build({
    entryPoints: [join(root, 'server/src/core/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    absWorkingDir: root,
  });
  return createRequire(import.meta.url)(outfile);
}
