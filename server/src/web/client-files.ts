import type { Connection } from 'vscode-languageserver';
import { FindProfilesRequest, ProfilesInRequest, ReadFileRequest, StatFileRequest } from '../protocol';
import type { FileProvider, FileStamp } from '../lsp/host';

/**
 * The files of a deployment for a server in a web worker: it cannot read them, so
 * it asks the client, which reads them through VS Code's file system API (any
 * scheme: `file:`, github.dev's `vscode-vfs:`, …) with the desktop bounds.
 * A failed request means "not readable", as a missing file does on disk.
 */
export class ClientFileProvider implements FileProvider {
  constructor(private readonly connection: Connection) {}

  async profilesIn(folderUri: string, preferenceDomainFiles: Readonly<Record<string, string>>): Promise<string[]> {
    return this.ask(() => this.connection.sendRequest(ProfilesInRequest, { folderUri, preferenceDomainFiles: { ...preferenceDomainFiles } }), []);
  }

  async findProfiles(folderUris: readonly string[], preferenceDomainFiles: Readonly<Record<string, string>>): Promise<{ uris: string[]; truncated: boolean }> {
    return this.ask(
      () => this.connection.sendRequest(FindProfilesRequest, { folderUris: [...folderUris], preferenceDomainFiles: { ...preferenceDomainFiles } }),
      { uris: [], truncated: false },
    );
  }

  async stat(uri: string): Promise<FileStamp | undefined> {
    return (await this.ask(() => this.connection.sendRequest(StatFileRequest, { uri }), null)) ?? undefined;
  }

  async readFile(uri: string): Promise<Uint8Array | undefined> {
    const answer = await this.ask(() => this.connection.sendRequest(ReadFileRequest, { uri }), null);
    return answer ? fromBase64(answer.base64) : undefined;
  }

  displayPath(folderUri: string): string {
    try {
      return decodeURIComponent(new URL(folderUri).pathname);
    } catch {
      return folderUri;
    }
  }

  private async ask<T>(request: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return (await request()) ?? fallback;
    } catch {
      return fallback;
    }
  }
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
