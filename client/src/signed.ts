/**
 * Signed profiles in the editor. A CMS-signed .mobileconfig is binary, so VS Code
 * cannot show it as text; this opens a read-only view of its embedded XML under
 * the `dps-signed:` scheme (the server unwraps and checks it, with diagnostics,
 * hover and outline) and says that edits belong in the unsigned source.
 */
import { Disposable, EventEmitter, Uri, window, workspace, type Tab, type TextDocumentContentProvider } from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { SignedContentRequest } from '../../server/src/protocol';

export const SIGNED_SCHEME = 'dps-signed';

/** The DER SEQUENCE + signedData OID that starts a CMS signed profile (the server does the real parsing). */
function looksSigned(bytes: Uint8Array): boolean {
  const oid = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
  if (bytes[0] !== 0x30) return false;
  outer: for (let i = 0; i <= Math.min(bytes.length - oid.length, 64); i++) {
    for (let j = 0; j < oid.length; j++) if (bytes[i + j] !== oid[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * The read-only view of a signed file: `dps-signed:` with the file's path; a file on another
 * file system (github.dev's `vscode-vfs:`) keeps its scheme in the query so the server can read it.
 */
function signedViewOf(fileUri: Uri): Uri {
  return fileUri.with({ scheme: SIGNED_SCHEME, query: fileUri.scheme === 'file' ? '' : fileUri.scheme });
}

export function registerSignedProfiles(getClient: () => LanguageClient | undefined): Disposable {
  const changed = new EventEmitter<Uri>();
  const provider: TextDocumentContentProvider = {
    onDidChange: changed.event,
    async provideTextDocumentContent(uri) {
      const client = getClient();
      if (!client) return '';
      if (!client.isRunning()) await client.start().catch(() => undefined);
      const content = await client.sendRequest(SignedContentRequest, { uri: uri.toString() });
      return content?.text ?? '';
    },
  };
  const offered = new Set<string>();

  async function offerView(fileUri: Uri): Promise<void> {
    // Files on disk or in the workspace's file system (github.dev), not other views (git:, output:).
    if (
      (fileUri.scheme !== 'file' && !workspace.getWorkspaceFolder(fileUri)) ||
      !fileUri.path.toLowerCase().endsWith('.mobileconfig') ||
      offered.has(fileUri.toString())
    )
      return;
    let head: Uint8Array;
    try {
      head = (await workspace.fs.readFile(fileUri)).subarray(0, 128);
    } catch {
      return;
    }
    if (!looksSigned(head)) return;
    offered.add(fileUri.toString());
    const view = signedViewOf(fileUri);
    await window.showTextDocument(view, { preview: false });
    void window.showInformationMessage(
      `${fileUri.path.split('/').pop()} is a signed profile: this is a read-only view of its embedded XML. Edits must go to the unsigned source, which is then signed again.`,
    );
  }

  const tabUri = (tab: Tab): Uri | undefined => {
    const input = tab.input as { uri?: unknown } | undefined;
    return input && input.uri instanceof Uri ? input.uri : undefined;
  };

  const watcher = workspace.createFileSystemWatcher('**/*.mobileconfig');
  const refresh = (uri: Uri) => changed.fire(signedViewOf(uri));
  return Disposable.from(
    workspace.registerTextDocumentContentProvider(SIGNED_SCHEME, provider),
    // A binary file opens as a tab without a text document: watch the tabs, not only documents.
    window.tabGroups.onDidChangeTabs((event) => {
      for (const tab of event.opened) {
        const uri = tabUri(tab);
        if (uri) void offerView(uri);
      }
    }),
    workspace.onDidOpenTextDocument((document) => void offerView(document.uri)),
    watcher,
    watcher.onDidChange(refresh),
    changed,
  );
}
