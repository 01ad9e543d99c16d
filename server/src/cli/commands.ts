import { lspCommand } from './lsp';
import { checkCommand } from './run';
import type { Command } from './command';
import { simulateCommand } from './simulate';
import { planCommand } from './plan';

/**
 * Every `dps-profiles` command, one line each; the first is the default
 * (`dps-profiles --help` shows its help). A new command is one file exporting
 * a `Command` and one line here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own argument type; dispatch pairs run() with the same command's parse()
export const COMMANDS: readonly Command<any>[] = [checkCommand, simulateCommand, lspCommand, planCommand];
