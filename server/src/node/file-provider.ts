import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FileProvider, FileStamp } from '../lsp/host';
import { CASE_INSENSITIVE_PATHS, findProfiles, profilesInFolder, SERVER_LIMITS } from './discover';

/** The language server's files on disk (`file:` URIs only; other schemes have no files beside them). */
export class NodeFileProvider implements FileProvider {
  readonly caseInsensitive = CASE_INSENSITIVE_PATHS;

  async profilesIn(folderUri: string, preferenceDomainFiles: Readonly<Record<string, string>>): Promise<string[]> {
    const folder = pathOf(folderUri);
    return folder === undefined ? [] : profilesInFolder(folder, preferenceDomainFiles, SERVER_LIMITS).map((f) => pathToFileURL(f).href);
  }

  async findProfiles(folderUris: readonly string[], preferenceDomainFiles: Readonly<Record<string, string>>): Promise<{ uris: string[]; truncated: boolean }> {
    const folders = folderUris.map(pathOf).filter((f): f is string => f !== undefined);
    const files = findProfiles(folders, preferenceDomainFiles, SERVER_LIMITS);
    return { uris: files.map((f) => pathToFileURL(f).href), truncated: files.length >= SERVER_LIMITS.maxFiles };
  }

  async stat(uri: string): Promise<FileStamp | undefined> {
    const file = pathOf(uri);
    if (file === undefined) return undefined;
    try {
      // Asynchronous, so a folder's listing (hundreds of stats) never holds up a request in between.
      const st = await stat(file);
      return st.isFile() && st.size <= SERVER_LIMITS.maxFileBytes ? { stamp: `m${st.mtimeMs}:${st.size}`, size: st.size } : undefined;
    } catch {
      return undefined;
    }
  }

  async readFile(uri: string): Promise<Uint8Array | undefined> {
    const file = pathOf(uri);
    if (file === undefined) return undefined;
    try {
      return await readFile(file);
    } catch {
      return undefined;
    }
  }

  displayPath(folderUri: string): string {
    return pathOf(folderUri) ?? folderUri;
  }
}

function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
