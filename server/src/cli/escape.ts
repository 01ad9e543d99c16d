/**
 * Text from files (names, profile values, messages quoting them) made safe for
 * a terminal or a CI log: every C0 and C1 control character, DEL and the
 * Unicode line and paragraph separators are written as visible escapes, so no
 * file can start a new log line (a GitHub workflow command such as `::error`),
 * move the cursor or recolour the terminal. So are the bidirectional controls
 * (embeddings, overrides, isolates and marks: U+061C, U+200E-U+200F,
 * U+202A-U+202E, U+2066-U+2069), with which a file name or value could display
 * as other text than it is ("Trojan Source"). Tabs stay.
 */
export function escapeControl(value: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point: they are escaped
  return value.replace(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069]/g, (ch) => {
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
