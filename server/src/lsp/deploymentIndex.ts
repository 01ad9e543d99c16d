import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { domainFromFileName } from '../core/model';
import { decodeBytes } from '../core/decode';

/**
 * The profiles deployed together with a document: the other profiles in its
 * folder (the same grouping as the CLI's default), read from disk and kept
 * current by file-watcher events, with open editors' text taking precedence.
 */
export interface Member {
  uri: string;
  text: string;
  /** Changes whenever the text may have: editor version or file mtime. */
  stamp: string;
}

const MAX_FILE_BYTES = 5 * 1024 * 1024;

export class DeploymentIndex {
  private readonly diskCache = new Map<string, { mtimeMs: number; size: number; text: string }>();

  /** The folder URI that groups a document, or undefined for untitled/virtual documents. */
  folderOf(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return path.dirname(fileURLToPath(uri));
    } catch {
      return undefined;
    }
  }

  /** Members of the deployment of `uri`, in a stable order; `open` gives the editors' text. */
  members(uri: string, open: Map<string, { text: string; version: number }>, extraFiles: Readonly<Record<string, string>>): Member[] {
    const folder = this.folderOf(uri);
    const self = open.get(uri);
    if (!folder) return self ? [{ uri, text: self.text, stamp: `v${self.version}` }] : [];
    const out = new Map<string, Member>();
    let names: string[] = [];
    try {
      names = fs.readdirSync(folder);
    } catch {
      names = [];
    }
    for (const name of names) {
      if (!isProfileFile(name, extraFiles)) continue;
      const file = path.join(folder, name);
      const fileUri = pathToFileURL(file).href;
      const inEditor = findOpen(open, fileUri);
      if (inEditor) {
        out.set(inEditor.uri, { uri: inEditor.uri, text: inEditor.text, stamp: `v${inEditor.version}` });
        continue;
      }
      const disk = this.read(file);
      if (disk) out.set(fileUri, { uri: fileUri, text: disk.text, stamp: `m${disk.mtimeMs}:${disk.size}` });
    }
    // Open documents of this folder that are not on disk yet (or not matched above) still belong.
    for (const [openUri, doc] of open) {
      if (out.has(openUri) || this.folderOf(openUri) !== folder) continue;
      if (openUri === uri || isProfileFile(path.basename(fileURLToPath(openUri)), extraFiles)) out.set(openUri, { uri: openUri, text: doc.text, stamp: `v${doc.version}` });
    }
    return [...out.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  }

  /** Forget a file's cached text (a watcher saw it change). */
  invalidate(uri: string): void {
    try {
      this.diskCache.delete(fileURLToPath(uri));
    } catch {
      // not a file URI
    }
  }

  private read(file: string): { mtimeMs: number; size: number; text: string } | undefined {
    try {
      const st = fs.statSync(file);
      if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
      const cached = this.diskCache.get(file);
      if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached;
      // Decoded as the CLI does (UTF-16, BOM, signed profiles unwrapped), so editor and CLI see the same deployment.
      const text = decodeBytes(fs.readFileSync(file)).text;
      if (text === undefined) return undefined; // binary or unreadable: nothing to check together
      const entry = { mtimeMs: st.mtimeMs, size: st.size, text };
      this.diskCache.set(file, entry);
      return entry;
    } catch {
      return undefined;
    }
  }
}

export function isProfileFile(name: string, extraFiles: Readonly<Record<string, string>>): boolean {
  return name.toLowerCase().endsWith('.mobileconfig') || domainFromFileName(name, extraFiles) !== undefined;
}

function findOpen(open: Map<string, { text: string; version: number }>, fileUri: string): { uri: string; text: string; version: number } | undefined {
  const direct = open.get(fileUri);
  if (direct) return { uri: fileUri, ...direct };
  // Editors may encode a URI differently (e.g. %3A vs :); compare decoded paths.
  for (const [uri, doc] of open) {
    try {
      if (uri.startsWith('file:') && fileURLToPath(uri) === fileURLToPath(fileUri)) return { uri, ...doc };
    } catch {
      // ignore
    }
  }
  return undefined;
}
