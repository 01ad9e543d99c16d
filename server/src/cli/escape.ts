/**
 * Text from files (names, profile values, messages quoting them) made safe for
 * a terminal or a CI log: every C0 and C1 control character, DEL and the
 * Unicode line and paragraph separators are written as visible escapes, so no
 * file can start a new log line (a GitHub workflow command such as `::error`),
 * move the cursor or recolour the terminal. Tabs stay.
 */
export function escapeControl(value: string): string {
  return value.replace(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029]/g, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    const hex = ch.charCodeAt(0).toString(16).toUpperCase();
    return ch.charCodeAt(0) <= 0xff ? `\\x${hex.padStart(2, '0')}` : `\\u${hex}`;
  });
}

/** A value for a one-line message: control characters escaped, at most `max` characters (the rest elided). */
export function quoteValue(value: string, max = 80): string {
  const escaped = escapeControl(value);
  const short = escaped.length > max ? `${escaped.slice(0, max - 1)}…` : escaped;
  return `"${short.replace(/"/g, '\\"')}"`;
}
