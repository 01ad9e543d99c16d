import { decodeBytes, isProfileFileName } from '../core';
import { baseNameOfUri } from './document-filter';
import type { FileProvider } from './host';

/**
 * The profiles deployed together with a document: the other profiles in its
 * folder (the same grouping as the CLI's default), read through the session's
 * file provider and kept current by file-watcher events, with open editors'
 * text taking precedence.
 */
export interface Member {
  uri: string;
  text: string;
  /** Changes whenever the text may have: editor version or file stamp. */
  stamp: string;
}

export interface OpenText {
  text: string;
  version: number;
}

/**
 * How long a folder's listing (names and stamps of its profiles on disk) is
 * reused without asking the file provider again. File-watcher events, saves and
 * opens refresh it at once; this bounds how stale it gets for a client without
 * a watcher, while a burst of keystrokes costs no file system calls at all.
 */
export const LISTING_TTL_MS = 2000;

interface DiskMember {
  uri: string;
  key: string;
  stamp: string;
  text: string;
}

export class DeploymentIndex {
  /** Decoded text of files read from disk, by file key, reused while their stamp holds. */
  private readonly diskCache = new Map<string, { stamp: string; text: string | undefined }>();
  /** The profiles on disk per folder key, as last listed. */
  private readonly listings = new Map<string, { at: number; extraFiles: string; files: DiskMember[] }>();

  constructor(private readonly files: FileProvider) {}

  /** The key of the folder that groups a document (its decoded path), or undefined for untitled/virtual documents. */
  folderOf(uri: string): string | undefined {
    const key = fileKey(uri);
    if (key === undefined) return undefined;
    return key.slice(0, key.lastIndexOf('/')) || '/';
  }

  /** The folder as the user knows it (a path), for the status bar. */
  displayFolder(uri: string): string | undefined {
    return this.folderOf(uri) === undefined ? undefined : this.files.displayPath(uri.slice(0, uri.lastIndexOf('/')));
  }

  /** Members of the deployment of `uri`, in a stable order; `open` gives the editors' text. */
  async members(uri: string, open: ReadonlyMap<string, OpenText>, extraFiles: Readonly<Record<string, string>>): Promise<Member[]> {
    const folder = this.folderOf(uri);
    const self = open.get(uri);
    if (folder === undefined) return self ? [{ uri, text: self.text, stamp: `v${self.version}` }] : [];
    // Editors may encode a URI differently (e.g. %3A vs :); match files by decoded path.
    const openByKey = new Map<string, { uri: string } & OpenText>();
    for (const [openUri, doc] of open) {
      const key = fileKey(openUri);
      if (key !== undefined && !openByKey.has(key)) openByKey.set(key, { uri: openUri, ...doc });
    }
    const out = new Map<string, Member>();
    for (const file of await this.listing(uri, folder, extraFiles)) {
      const inEditor = openByKey.get(file.key);
      if (inEditor) out.set(inEditor.uri, { uri: inEditor.uri, text: inEditor.text, stamp: `v${inEditor.version}` });
      else out.set(file.uri, { uri: file.uri, text: file.text, stamp: file.stamp });
    }
    // Open documents of this folder that are not on disk yet (or not matched above) still belong.
    for (const [openUri, doc] of open) {
      if (out.has(openUri) || this.folderOf(openUri) !== folder) continue;
      if (openUri === uri || isProfileFileName(baseNameOfUri(openUri), extraFiles))
        out.set(openUri, { uri: openUri, text: doc.text, stamp: `v${doc.version}` });
    }
    return [...out.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  }

  /** Forget a file's cached text and its folder's listing (a watcher saw it change, it was saved or opened). */
  invalidate(uri: string): void {
    const key = fileKey(uri);
    if (key !== undefined) this.diskCache.delete(key);
    const folder = this.folderOf(uri);
    if (folder !== undefined) this.listings.delete(folder);
  }

  /** The profiles of the folder on disk with their text, listed again when the listing is old or invalidated. */
  private async listing(uri: string, folder: string, extraFiles: Readonly<Record<string, string>>): Promise<DiskMember[]> {
    const extra = JSON.stringify(extraFiles);
    const known = this.listings.get(folder);
    if (known && known.extraFiles === extra && Date.now() - known.at < LISTING_TTL_MS) return known.files;
    const files: DiskMember[] = [];
    // The files are stamped (and read when changed) all at once: the provider's calls overlap, in order of the listing.
    const uris = await this.files.profilesIn(uri.slice(0, uri.lastIndexOf('/')), extraFiles);
    const read = await Promise.all(uris.map((fileUri) => this.read(fileUri)));
    uris.forEach((fileUri, i) => {
      const disk = read[i];
      if (disk) files.push({ uri: fileUri, key: fileKey(fileUri) ?? fileUri, stamp: disk.stamp, text: disk.text });
    });
    this.listings.set(folder, { at: Date.now(), extraFiles: extra, files });
    return files;
  }

  private async read(fileUri: string): Promise<{ stamp: string; text: string } | undefined> {
    const key = fileKey(fileUri) ?? fileUri;
    const stat = await this.files.stat(fileUri);
    if (!stat) return undefined;
    let entry = this.diskCache.get(key);
    if (!entry || entry.stamp !== stat.stamp) {
      const bytes = await this.files.readFile(fileUri);
      if (!bytes) return undefined;
      // Decoded as the CLI does (UTF-16, BOM, signed profiles unwrapped), so editor and CLI see the same deployment;
      // binary or unreadable files have no text to check together.
      entry = { stamp: stat.stamp, text: decodeBytes(bytes).text };
      this.diskCache.set(key, entry);
    }
    return entry.text === undefined ? undefined : { stamp: entry.stamp, text: entry.text };
  }
}

/**
 * The key of a file however its URI is encoded: a `file:` URI's decoded path; for other
 * hierarchical schemes (github.dev's `vscode-vfs://github/…`) the scheme and authority
 * before the decoded path. Undefined for URIs without a folder (`untitled:`).
 */
export function fileKey(uri: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === 'dps-signed') return undefined;
  try {
    const url = new URL(uri);
    const path = decodeURIComponent(url.pathname);
    return scheme === 'file' ? path : `${scheme}://${url.host}${path}`;
  } catch {
    return undefined;
  }
}
