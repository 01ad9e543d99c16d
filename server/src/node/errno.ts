/** The short reason of a failed file operation: the errno code (ENOENT, EACCES…) when there is one, else the message. */
export function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && code !== '') return code;
  return e instanceof Error ? e.message : String(e);
}
