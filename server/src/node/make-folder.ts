import { mkdirSync, statSync } from 'fs';
import * as path from './path';

/**
 * `mkdir -p`: the folder and the ones above it that are missing, made from the top down. Not node's
 * `mkdirSync(dir, { recursive: true })`, which never returns for a path under /proc (node 20): a report asked for
 * there would hang the run instead of ending it with "cannot write" (exit code 2). Errors carry the errno code.
 */
export function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let at = path.resolve(dir); ;) {
    try {
      if (statSync(at).isDirectory()) break;
      throw Object.assign(new Error(`${at} is not a folder`), { code: 'ENOTDIR' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    missing.push(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (e) {
      // Made meanwhile by another run: as good.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}
