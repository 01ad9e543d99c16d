import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import { yieldToEventLoop } from './yield';

/**
 * A server that never falls over (issue 11): every handler the session's
 * handlers register goes through here. Requests before `initialize` get
 * ServerNotInitialized (-32002) and after `shutdown` InvalidRequest; params of
 * the wrong shape get InvalidParams (-32602) with a message instead of a
 * TypeError from deep inside; a request cancelled with `$/cancelRequest`, or whose
 * document changed before it started, is not computed (-32800 / -32801).
 * Notifications of the wrong shape are dropped with a log line, and a
 * notification handler that throws is logged, never fatal.
 */

export type ServerState = 'uninitialized' | 'running' | 'shutdown';

type Check = (params: unknown) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isPosition = (v: unknown): boolean => isObject(v) && isCount(v.line) && isCount(v.character);
const isRange = (v: unknown): boolean => isObject(v) && isPosition(v.start) && isPosition(v.end);

function textDocumentUri(params: unknown): string | undefined {
  return isObject(params) && isObject(params.textDocument) && typeof params.textDocument.uri === 'string' ? params.textDocument.uri : undefined;
}

/** Each check returns what is wrong, or undefined. */
const needs = {
  document: (p: unknown) => (textDocumentUri(p) === undefined ? 'textDocument.uri must be a string' : undefined),
  position: (p: unknown) =>
    needs.document(p) ?? (isPosition((p as Record<string, unknown>).position) ? undefined : 'position must be { line, character } with non-negative integers'),
  range: (p: unknown) => needs.document(p) ?? (isRange((p as Record<string, unknown>).range) ? undefined : 'range must be { start, end } positions'),
  uri: (p: unknown) => (isObject(p) && typeof p.uri === 'string' ? undefined : 'uri must be a string'),
};

const REQUEST_CHECKS: Record<string, Check> = {
  onCompletion: needs.position,
  onHover: needs.position,
  onDefinition: needs.position,
  onPrepareRename: needs.position,
  onReferences: (p) => needs.position(p) ?? (isObject((p as Record<string, unknown>).context) ? undefined : 'context must be an object'),
  onRenameRequest: (p) => needs.position(p) ?? (typeof (p as Record<string, unknown>).newName === 'string' ? undefined : 'newName must be a string'),
  onDocumentSymbol: needs.document,
  onCodeLens: needs.document,
  onDocumentLinks: needs.document,
  onFoldingRanges: needs.document,
  onDocumentFormatting: (p) => needs.document(p) ?? formattingOptions(p),
  onDocumentRangeFormatting: (p) => needs.range(p) ?? formattingOptions(p),
  onCodeAction: (p) => {
    const wrong = needs.range(p);
    if (wrong) return wrong;
    const context = (p as Record<string, unknown>).context;
    if (!isObject(context) || !Array.isArray(context.diagnostics)) return 'context.diagnostics must be an array';
    if (!context.diagnostics.every((d) => isObject(d) && isRange(d.range) && typeof d.message === 'string'))
      return 'each of context.diagnostics must have a range and a message';
    if (context.only !== undefined && !(Array.isArray(context.only) && context.only.every((k) => typeof k === 'string')))
      return 'context.only must be an array of strings';
    return undefined;
  },
  // The custom requests (protocol.ts) all name a document by `uri`.
  onRequest: needs.uri,
};

function formattingOptions(p: unknown): string | undefined {
  const options = (p as Record<string, unknown>).options;
  return isObject(options) && isCount(options.tabSize) && typeof options.insertSpaces === 'boolean' ? undefined : 'options must be { tabSize, insertSpaces }';
}

const NOTIFICATION_CHECKS: Record<string, Check> = {
  onDidOpenTextDocument: (p) => {
    const td = isObject(p) ? p.textDocument : undefined;
    if (!isObject(td) || typeof td.uri !== 'string') return 'textDocument.uri must be a string';
    if (typeof td.text !== 'string') return 'textDocument.text must be a string';
    if (typeof td.version !== 'number') return 'textDocument.version must be a number';
    if (typeof td.languageId !== 'string') return 'textDocument.languageId must be a string';
    return undefined;
  },
  onDidChangeTextDocument: (p) => {
    const td = isObject(p) ? p.textDocument : undefined;
    if (!isObject(td) || typeof td.uri !== 'string') return 'textDocument.uri must be a string';
    if (typeof td.version !== 'number') return 'textDocument.version must be a number';
    const changes = (p as Record<string, unknown>).contentChanges;
    if (!Array.isArray(changes)) return 'contentChanges must be an array';
    for (const c of changes) {
      if (!isObject(c) || typeof c.text !== 'string') return 'each content change needs a string text';
      if (c.range !== undefined && !isRange(c.range)) return 'a content change range must be { start, end } positions';
    }
    return undefined;
  },
  onDidCloseTextDocument: needs.document,
  onDidSaveTextDocument: needs.document,
  onWillSaveTextDocument: needs.document,
  onDidChangeWatchedFiles: (p) => (isObject(p) && Array.isArray(p.changes) ? undefined : 'changes must be an array'),
  onDidChangeConfiguration: (p) => (isObject(p) ? undefined : 'params must be an object'),
  onInitialized: () => undefined,
};

export interface GuardHost {
  state(): ServerState;
  /** The version of an open document, to notice a request overtaken by an edit. */
  versionOf(uri: string): number | undefined;
  log(message: string): void;
}

/**
 * Let queued messages (a `$/cancelRequest`, a newer edit) be processed before a request is computed. The
 * connection handles one queued message per event-loop turn, scheduled after this handler's first turn; two
 * turns let the next one in.
 */
async function yieldTwice(): Promise<void> {
  for (let i = 0; i < 2; i++) await yieldToEventLoop();
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}

/**
 * The connection as the handlers see it: the same object, with every request
 * and notification registration wrapped by the checks above. `onInitialize`,
 * `onShutdown` and `onExit` pass through (the lifecycle handler keeps the state).
 */
export function guardConnection(connection: Connection, host: GuardHost): Connection {
  const wrapRequest =
    (name: string, check: Check) =>
    (handler: (...args: unknown[]) => unknown) =>
    async (params: unknown, token: CancellationToken, ...rest: unknown[]): Promise<unknown> => {
      const state = host.state();
      if (state === 'uninitialized') throw new ResponseError(ErrorCodes.ServerNotInitialized, 'The server is not initialized yet: send initialize first.');
      if (state === 'shutdown') throw new ResponseError(ErrorCodes.InvalidRequest, 'The server is shutting down: no requests after shutdown.');
      const wrong = check(params);
      if (wrong) throw new ResponseError(ErrorCodes.InvalidParams, `Invalid params for ${name.replace(/^on/, '')}: ${wrong}.`);
      const uri = textDocumentUri(params);
      const version = uri === undefined ? undefined : host.versionOf(uri);
      await yieldTwice();
      if (token?.isCancellationRequested) throw cancelled();
      if (uri !== undefined && version !== undefined && host.versionOf(uri) !== version) {
        throw new ResponseError(LSPErrorCodes.ContentModified, 'The document changed before the request was answered.');
      }
      const result = await handler(params, token, ...rest);
      if (token?.isCancellationRequested) throw cancelled();
      return result;
    };

  const wrapNotification =
    (name: string, check: Check) =>
    (handler: (...args: unknown[]) => unknown) =>
    (params: unknown, ...rest: unknown[]): void => {
      const method = name.replace(/^on/, '');
      if (name !== 'onInitialized' && host.state() !== 'running') {
        host.log(`Ignored ${method}: the server is ${host.state() === 'shutdown' ? 'shutting down' : 'not initialized yet'}.`);
        return;
      }
      const wrong = check(params);
      if (wrong) {
        host.log(`Ignored a malformed ${method} notification: ${wrong}.`);
        return;
      }
      try {
        const result = handler(params, ...rest);
        if (result instanceof Promise) result.catch((error: unknown) => host.log(`${method} failed: ${String(error)}`));
      } catch (error) {
        host.log(`${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    };

  // Inlay hints register one level down (`connection.languages.inlayHint.on`).
  const guardInlayHints = (languages: Connection['languages']): Connection['languages'] =>
    new Proxy(languages, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop !== 'inlayHint' || typeof value !== 'object' || value === null) return value;
        const inlayHint = value as Connection['languages']['inlayHint'];
        return new Proxy(inlayHint, {
          get(hints, name, hintsReceiver) {
            const member = Reflect.get(hints, name, hintsReceiver) as unknown;
            if (name !== 'on' || typeof member !== 'function') return typeof member === 'function' ? member.bind(hints) : member;
            return (handler: (...a: unknown[]) => unknown) =>
              inlayHint.on(wrapRequest('onInlayHint', needs.range)(handler) as Parameters<typeof inlayHint.on>[0]);
          },
        });
      },
    });

  return new Proxy(connection, {
    get(target, prop, receiver) {
      if (prop === 'languages') return guardInlayHints(target.languages);
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      const requestCheck = REQUEST_CHECKS[prop];
      const notificationCheck = NOTIFICATION_CHECKS[prop];
      if (!requestCheck && !notificationCheck) return value.bind(target);
      const wrap = requestCheck ? wrapRequest(prop, requestCheck) : wrapNotification(prop, notificationCheck);
      // The handler is the last argument (onRequest takes the request type first).
      return (...args: unknown[]) => {
        const handler = args[args.length - 1] as (...a: unknown[]) => unknown;
        return (value as (...a: unknown[]) => unknown).apply(target, [...args.slice(0, -1), wrap(handler)]);
      };
    },
  });
}
