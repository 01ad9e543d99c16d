import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import { CodeActionHandler } from './handlers/code-actions';
import { DeploymentInfoHandler } from './handlers/deployment-info';
import { EditorExtrasHandler } from './handlers/editor-extras';
import { EditorFeaturesHandler } from './handlers/editor-features';
import { LifecycleHandler } from './handlers/lifecycle';
import { PlanHandler } from './handlers/plan';
import { PreviewHandler } from './handlers/preview';
import { SignedDocumentsHandler } from './handlers/signed-documents';
import { ValidationHandler } from './handlers/validation';
import type { ServerHost } from './host';
import { guardConnection } from './protocol-guard';
import { Session } from './session';

/**
 * The composition root of the language server, free of any platform: one
 * session, every handler registered on the connection. `server.ts` (node)
 * supplies the connection and the host (files on disk, signed profiles).
 */
export function startServer(connection: Connection, host: ServerHost): Session {
  // eslint-disable-next-line prefer-const -- the guard's callbacks read it before the session exists (undefined, not a TDZ error)
  let session: Session | undefined;
  const guarded = guardConnection(connection, {
    state: () => session?.state ?? 'uninitialized',
    versionOf: (uri) => session?.documents.get(uri)?.version,
    log: (message) => connection.console.log(message),
  });
  session = new Session(guarded, host);
  // Requests nobody handles: not before initialize, not after shutdown, else unknown.
  connection.onRequest((method) => {
    if (session.state === 'uninitialized')
      throw new ResponseError(ErrorCodes.ServerNotInitialized, `The server is not initialized yet: ${method} must wait for initialize.`);
    if (session.state === 'shutdown') throw new ResponseError(ErrorCodes.InvalidRequest, `The server is shutting down: ${method} after shutdown.`);
    throw new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`);
  });
  const validation = new ValidationHandler(session);
  new LifecycleHandler(session, () => validation.dispose()).register();
  validation.register();
  new CodeActionHandler(session).register();
  new EditorFeaturesHandler(session).register();
  new EditorExtrasHandler(session).register();
  new DeploymentInfoHandler(session).register();
  new PreviewHandler(session).register();
  new PlanHandler(session).register();
  new SignedDocumentsHandler(session).register();
  session.documents.listen(guarded);
  return session;
}
