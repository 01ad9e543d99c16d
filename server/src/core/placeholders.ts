/**
 * MDM variables that the MDM server replaces before the profile reaches the
 * Mac: `$VAR`, `${VAR}`, `%Var%`, `{{var}}`, `$FLEET_VAR_*`. Their final value
 * is unknown here, so value checks skip them.
 */
const PLACEHOLDER_RE = /^\$[A-Za-z_{]|^%[A-Za-z_][A-Za-z0-9_]*%$|\$FLEET_VAR_|\$\{[A-Za-z_][A-Za-z0-9_]*\}/;

export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return PLACEHOLDER_RE.test(v) || hasDoubleBraces(v);
}

/** Whether a value holds an MDM variable anywhere in it (`https://$ORG/x`, `%User%@corp`). */
export function containsPlaceholder(value: string): boolean {
  return /\$[A-Za-z_{]|%[A-Za-z_][A-Za-z0-9_]*%/.test(value) || hasDoubleBraces(value);
}

/**
 * `{{` … `}}` with no `}` between, as `/\{\{[^}]*\}\}/` tests it, in linear time: that expression, unanchored, ran
 * on from every `{{` to the end of the value, minutes for a value of 100,000 `{`. Every `{{` before a `}` meets that
 * same `}`, so one look per `}` decides.
 */
function hasDoubleBraces(value: string): boolean {
  for (let open = value.indexOf('{{'); open >= 0;) {
    const close = value.indexOf('}', open + 2);
    if (close < 0) return false;
    if (value.charCodeAt(close + 1) === 0x7d) return true;
    open = value.indexOf('{{', close + 1);
  }
  return false;
}
