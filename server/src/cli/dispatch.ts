import { COMMANDS } from './commands';
import { parseOptions, renderHelp, UsageError, withCommonOptions, type CliEnvironment, type Command, type ParsedOptions } from './command';
import { escapeControl } from './escape';
import { EXIT_OK, EXIT_USAGE } from './exit-codes';

export type { CliEnvironment, CliStream } from './command';

/**
 * The command-line front door: pick the command, parse its options against
 * its declared specs, handle --help and --version the same way for every
 * command, then run it. `dps-profiles [options] check …` keeps working: the
 * command is the first argument that is not an option.
 */
export async function runCli(io: CliEnvironment): Promise<number> {
  const defaultCommand = COMMANDS[0];
  let command: Command<unknown> = defaultCommand;
  let fail = failer(io, command);
  try {
    let parsed: ParsedOptions;
    const named = COMMANDS.find((c) => c.name === io.argv[0]);
    if (named) {
      command = named;
      fail = failer(io, command);
      parsed = parseOptions(io.argv.slice(1), withCommonOptions(command.options));
    } else {
      // Options may come before the command: parse with the default command's options to find it.
      parsed = parseOptions(io.argv, withCommonOptions(defaultCommand.options));
      const name = parsed.positionals[0];
      if (name !== undefined) {
        const found = COMMANDS.find((c) => c.name === name);
        if (!found) throw new UsageError(`unknown command "${name}"; the commands are ${COMMANDS.map((c) => `"${c.name}"`).join(', ')}`);
        command = found;
        fail = failer(io, command);
        const rest = io.argv.filter((_, i) => i !== parsed.positionalIndexes[0]);
        parsed = parseOptions(rest, withCommonOptions(command.options));
      } else if (!parsed.given.has('--help') && !parsed.given.has('--version')) {
        throw new UsageError(`missing command; try \`dps-profiles ${defaultCommand.usage[0].replace(/^dps-profiles /, '')}\``);
      }
    }
    if (parsed.given.has('--help')) {
      io.stdout.write(renderHelp(command, command === defaultCommand ? COMMANDS : []));
      return EXIT_OK;
    }
    if (parsed.given.has('--version')) {
      io.stdout.write(`${io.toolVersion}\n`);
      return EXIT_OK;
    }
    const args = command.parse(parsed);
    return await command.run(args, io, fail);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    fail(e.message);
    io.stderr.write(`Run \`${commandLine(command)} --help\` for usage.\n`);
    return EXIT_USAGE;
  }
}

/** `dps-profiles` for the default command, `dps-profiles <name>` for the others. */
function commandLine(command: Command<unknown>): string {
  return command === COMMANDS[0] ? 'dps-profiles' : `dps-profiles ${command.name}`;
}

function failer(io: CliEnvironment, command: Command<unknown>): (message: string) => void {
  const prefix = commandLine(command);
  // Messages quote file names and profile values: no control character reaches the terminal or CI log raw.
  return (message) => io.stderr.write(`${prefix}: ${escapeControl(message)}\n`);
}
