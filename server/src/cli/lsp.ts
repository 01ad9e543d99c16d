import { existsSync } from 'fs';
import * as path from '../node/path';
import { hasFlag, type Command } from './command';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from './exit-codes';

/**
 * `dps-profiles lsp --stdio`: the language server of the VS Code extension, for any editor that
 * speaks LSP (Neovim, Helix, Zed, Emacs, Sublime Text; docs/editors.md). It runs the bundle next
 * to this one (dist/server.js, shipped in the npm package), which reads its transport from argv.
 */
export const lspCommand: Command<{ stdio: boolean }> = {
  name: 'lsp',
  summary: 'Start the language server (for Neovim, Helix, Zed, …)',
  usage: ['dps-profiles lsp --stdio'],
  description: `Start the DPS Profiles language server, speaking the Language Server Protocol
over standard input and output: diagnostics, quick fixes, completion, hover,
outline and formatting for .mobileconfig files, as in VS Code. Editors start it
themselves; see docs/editors.md for Neovim, Helix and Zed.`,
  options: [{ name: '--stdio', help: 'Talk LSP over stdin/stdout (the default and only transport)' }],
  exitCodes: {
    [EXIT_OK]: 'the editor asked the server to shut down and exit',
    [EXIT_PROBLEMS]: 'the editor closed the connection without asking the server to shut down',
    [EXIT_USAGE]: 'usage error, or the server bundle is missing',
  },
  parse: (parsed) => ({ stdio: hasFlag(parsed, '--stdio') }),
  run: async (args, _io, fail) => {
    const server = path.join(__dirname, 'server.js');
    if (!existsSync(server)) {
      fail(`the language server bundle ${server} is missing; run \`npm run build\``);
      return EXIT_USAGE;
    }
    // vscode-languageserver picks its transport from the process's arguments; stdio is the only one offered.
    if (!process.argv.includes('--stdio')) process.argv.push('--stdio');
    // A runtime path, so esbuild keeps the server its own bundle.
    const load: NodeJS.Require = require;
    load(server);
    // The server owns the process from here; it exits when the editor says so.
    return new Promise<number>(() => undefined);
  },
};
