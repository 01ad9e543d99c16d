import * as fs from 'node:fs';
import * as path from 'node:path';

/** Tests are bundled to out/test/<name>.test.js, so the repo root is two levels up. */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** The shared real-world corpus, or undefined on a machine outside this workplace. */
export function sharedCorpusDir(): string | undefined {
  const dir = path.resolve(repoRoot, '..', 'shared', 'corpus');
  return fs.existsSync(path.join(dir, 'files')) ? dir : undefined;
}

export const CORPUS_ABSENT = 'shared corpus not found at ../shared/corpus (it exists only inside the workplace); skipping';

export interface CorpusFile {
  name: string;
  path: string;
  bytes: Buffer;
}

/** Files of one corpus folder ('files' or 'signed'), sorted by name so every run sees the same order. */
export function corpusFiles(sub: 'files' | 'signed' = 'files'): CorpusFile[] {
  const root = sharedCorpusDir();
  if (!root) return [];
  const dir = path.join(root, sub);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const p = path.join(dir, name);
      return { name, path: p, bytes: fs.readFileSync(p) };
    });
}

/** Files under a folder of this repo (for example examples/), recursively and sorted. */
export function repoFiles(rel: string): CorpusFile[] {
  const out: CorpusFile[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(mobileconfig|plist)$/.test(e.name)) out.push({ name: path.relative(repoRoot, p), path: p, bytes: fs.readFileSync(p) });
    }
  };
  walk(path.join(repoRoot, rel));
  return out;
}
