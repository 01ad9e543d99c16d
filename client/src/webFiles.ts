/**
 * In VS Code for the Web the language server runs in a web worker and cannot read
 * files, and the workspace is often virtual (github.dev's `vscode-vfs:`). So the
 * client reads the workspace's profiles through VS Code's file system API and
 * sends them to the server (`dpsProfiles/files`), once at start and again when the
 * file watcher sees a change. The bounds are the desktop server's own.
 */
import { FileType, RelativePattern, Uri, workspace, type Disposable } from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { FILES_NOTIFICATION, PROFILE_SCAN_LIMITS, type ProvidedFile } from '../../server/src/protocol';
import { isProfileFileName } from '../../server/src/core';

const BATCH = 50;

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function extraFiles(): Record<string, string> {
  return workspace.getConfiguration('dpsProfiles').get<Record<string, string>>('preferenceDomainFiles') ?? {};
}

async function read(uri: Uri): Promise<ProvidedFile | undefined> {
  try {
    const stat = await workspace.fs.stat(uri);
    if (stat.type & FileType.Directory || stat.size > PROFILE_SCAN_LIMITS.maxFileBytes) return undefined;
    const bytes = await workspace.fs.readFile(uri);
    return { uri: uri.toString(), base64: base64(bytes), stamp: `m${stat.mtime}:${stat.size}` };
  } catch {
    return undefined; // gone, or unreadable: the server sees it as absent
  }
}

export function registerWebFiles(client: BaseLanguageClient): Disposable {
  const send = (files: ProvidedFile[]) => {
    for (let i = 0; i < files.length; i += BATCH) void client.sendNotification(FILES_NOTIFICATION, { files: files.slice(i, i + BATCH) });
  };
  const isProfile = (uri: Uri) => isProfileFileName(uri.path.split('/').pop() ?? '', extraFiles());

  const scan = async () => {
    const found = await workspace.findFiles('**/*.{mobileconfig,plist}', '**/{node_modules,.git}/**', PROFILE_SCAN_LIMITS.maxFiles);
    const files = (await Promise.all(found.filter(isProfile).map(read))).filter((f): f is ProvidedFile => f !== undefined);
    send(files);
  };
  void scan();

  const watchers = (workspace.workspaceFolders ?? []).map((folder) => workspace.createFileSystemWatcher(new RelativePattern(folder, '**/*.{mobileconfig,plist}')));
  const changed = async (uri: Uri) => {
    if (!isProfile(uri)) return;
    const file = await read(uri);
    send([file ?? { uri: uri.toString(), base64: null, stamp: 'deleted' }]);
  };
  const subscriptions: Disposable[] = [...watchers];
  for (const w of watchers) {
    subscriptions.push(
      w.onDidCreate((uri) => void changed(uri)),
      w.onDidChange((uri) => void changed(uri)),
      w.onDidDelete((uri) => send([{ uri: uri.toString(), base64: null, stamp: 'deleted' }])),
    );
  }
  return { dispose: () => subscriptions.forEach((s) => s.dispose()) };
}
