import type { Connection } from 'vscode-languageserver';
import { CodeActionHandler } from './handlers/codeActions';
import { DeploymentInfoHandler } from './handlers/deploymentInfo';
import { EditorExtrasHandler } from './handlers/editorExtras';
import { EditorFeaturesHandler } from './handlers/editorFeatures';
import { LifecycleHandler } from './handlers/lifecycle';
import { PlanHandler } from './handlers/plan';
import { PreviewHandler } from './handlers/preview';
import { SignedDocumentsHandler } from './handlers/signedDocuments';
import { ValidationHandler } from './handlers/validation';
import type { ServerHost } from './host';
import { Session } from './session';

/**
 * The composition root of the language server, free of any platform: one
 * session, every handler registered on the connection. `server.ts` (node)
 * supplies the connection and the host (files on disk, signed profiles).
 */
export function startServer(connection: Connection, host: ServerHost): Session {
  const session = new Session(connection, host);
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
  session.documents.listen(connection);
  return session;
}
