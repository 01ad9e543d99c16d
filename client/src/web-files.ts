/**
 * In VS Code for the Web the language server runs in a web worker and cannot read
 * files, and the workspace is often virtual (github.dev's `vscode-vfs:`). So the
 * client answers the server's file requests (`dpsProfiles/files/*`) through VS
 * Code's file system API, with the desktop server's bounds. Registered only by
 * the web entry: the node server reads the disk itself.
 */
import { FileType, RelativePattern, Uri, workspace, type Disposable } from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { isProfileFileName } from '../../server/src/core/render';
import { PROFILE_FILE_LIMITS } from '../../server/src/limits';
import { FindProfilesRequest, ProfilesInRequest, ReadFileRequest, StatFileRequest } from '../../server/src/protocol';

const SKIPPED = '**/{node_modules,.git}/**';

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function baseName(uri: Uri): string {
  return uri.path.split('/').pop() ?? '';
}

async function stat(uri: Uri): Promise<{ stamp: string; size: number } | null> {
  try {
    const st = await workspace.fs.stat(uri);
    if (!(st.type & FileType.File) || st.size > PROFILE_FILE_LIMITS.maxFileBytes) return null;
    return { stamp: `m${st.mtime}:${st.size}`, size: st.size };
  } catch {
    return null; // gone or unreadable: the server treats it as absent
  }
}

export function registerWebFiles(client: BaseLanguageClient): Disposable {
  const subscriptions = [
    client.onRequest(ProfilesInRequest, async ({ folderUri, preferenceDomainFiles }) => {
      try {
        const folder = Uri.parse(folderUri);
        const entries = await workspace.fs.readDirectory(folder);
        const names = entries
          .filter(([name, type]) => type & FileType.File && isProfileFileName(name, preferenceDomainFiles))
          .map(([name]) => name)
          .sort()
          .slice(0, PROFILE_FILE_LIMITS.maxFiles);
        const uris = names.map((name) => Uri.joinPath(folder, name));
        const sizes = await Promise.all(uris.map(stat));
        return uris.filter((_, i) => sizes[i] !== null).map((u) => u.toString());
      } catch {
        return [];
      }
    }),
    client.onRequest(FindProfilesRequest, async ({ folderUris, preferenceDomainFiles }) => {
      const uris: string[] = [];
      for (const folderUri of folderUris) {
        const pattern = new RelativePattern(Uri.parse(folderUri), '**/*.{mobileconfig,plist}');
        const found = await workspace.findFiles(pattern, SKIPPED, PROFILE_FILE_LIMITS.maxFiles + 1);
        for (const uri of found) if (isProfileFileName(baseName(uri), preferenceDomainFiles)) uris.push(uri.toString());
      }
      uris.sort();
      return { uris: uris.slice(0, PROFILE_FILE_LIMITS.maxFiles), truncated: uris.length > PROFILE_FILE_LIMITS.maxFiles };
    }),
    client.onRequest(StatFileRequest, ({ uri }) => stat(Uri.parse(uri))),
    client.onRequest(ReadFileRequest, async ({ uri }) => {
      const file = Uri.parse(uri);
      if (!(await stat(file))) return null;
      try {
        return { base64: base64(await workspace.fs.readFile(file)) };
      } catch {
        return null;
      }
    }),
  ];
  return { dispose: () => subscriptions.forEach((s) => s.dispose()) };
}
