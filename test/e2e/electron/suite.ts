/**
 * Runs inside VS Code under @vscode/test-electron (see ../electron.test.ts):
 * the broken profile must get the DPS401 diagnostic from the language server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder open');
  const uri = vscode.Uri.file(path.join(folder.uri.fsPath, 'broken-dps.mobileconfig'));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  if (document.languageId !== 'mobileconfig') throw new Error(`language is ${document.languageId}, not mobileconfig`);
  const codes = await new Promise<string[]>((resolve, reject) => {
    const read = (): string[] =>
      vscode.languages
        .getDiagnostics(uri)
        .filter((d) => d.source === 'dps-profiles')
        .map((d) => String(typeof d.code === 'object' ? d.code.value : d.code));
    const timer = setTimeout(() => reject(new Error(`no DPS401 within 60 s; saw ${read().join(', ') || 'nothing'}`)), 60_000);
    const check = (): void => {
      if (!read().includes('DPS401')) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(read());
    };
    const listener = vscode.languages.onDidChangeDiagnostics(check);
    check();
  });
  console.log(`dps-profiles diagnostics: ${codes.join(', ')}`);
}
