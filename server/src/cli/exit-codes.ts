/**
 * The exit codes of every `dps-profiles` command, in one place (documented in
 * docs/cli.md and in each command's --help). A command may use only these.
 * When several apply, the highest wins.
 */
export const EXIT_OK = 0;
/** Problems found (errors, too many warnings), or a simulated step that fails. */
export const EXIT_PROBLEMS = 1;
/** A usage error, an input that could not be read, or a report that could not be written (--output, stdout). */
export const EXIT_USAGE = 2;

/** `--fix` could not write a file back (full disk, no permission, changed on disk meanwhile); that file is unchanged. */
export const EXIT_NOT_WRITTEN = 3;

export type ExitCode = typeof EXIT_OK | typeof EXIT_PROBLEMS | typeof EXIT_USAGE | typeof EXIT_NOT_WRITTEN;
