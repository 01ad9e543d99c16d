import { CodeActionKind, ErrorCodes, ResponseError, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver';
import { FIX_ALL_KIND } from '../code-actions';
import type { Session } from '../session';
import { CONFIG_SECTION } from '../settings-store';

/** initialize (capabilities, workspace folders, settings handed over at start), initialized, shutdown. */
export class LifecycleHandler {
  constructor(
    private readonly session: Session,
    private readonly onShutdown: () => void,
  ) {}

  register(): void {
    const session = this.session;
    session.connection.onInitialize((params): InitializeResult => {
      if (session.state !== 'uninitialized') throw new ResponseError(ErrorCodes.InvalidRequest, 'initialize was sent already.');
      session.state = 'running';
      const capabilities = params?.capabilities ?? {};
      session.settings.pullsConfiguration = !!capabilities.workspace?.configuration;
      session.relatedInformation = !!capabilities.textDocument?.publishDiagnostics?.relatedInformation;
      session.refreshesInlayHints = !!capabilities.workspace?.inlayHint?.refreshSupport;
      // Any scheme: the node file provider reads `file:` folders, the web one asks the client for the others.
      session.workspaceFolders = (Array.isArray(params?.workspaceFolders) ? params.workspaceFolders : []).flatMap((f) =>
        typeof f?.uri === 'string' ? [f.uri] : [],
      );
      // Clients that cannot be asked may hand settings over at start.
      session.settings.setInitial((params?.initializationOptions as Record<string, unknown> | undefined)?.[CONFIG_SECTION]);
      return {
        capabilities: {
          textDocumentSync: {
            openClose: true,
            change: TextDocumentSyncKind.Incremental,
            save: { includeText: false },
          },
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.RefactorRewrite] },
          completionProvider: { triggerCharacters: ['<'] },
          hoverProvider: true,
          documentSymbolProvider: { label: 'Profile' },
          foldingRangeProvider: true,
          definitionProvider: true,
          referencesProvider: true,
          renameProvider: { prepareProvider: true },
          documentFormattingProvider: true,
          documentRangeFormattingProvider: true,
          inlayHintProvider: true,
          codeLensProvider: { resolveProvider: false },
          documentLinkProvider: { resolveProvider: false },
        },
        serverInfo: { name: 'dps-profiles' },
      };
    });

    // The whole workspace is checked in the background, so closed profiles show their problems too.
    session.connection.onInitialized(() => session.scan.schedule(0));

    session.connection.onShutdown(() => {
      session.state = 'shutdown';
      session.scan.dispose();
      this.onShutdown();
    });
  }
}
