/**
 * MDM variables that the MDM server replaces before the profile reaches the
 * Mac: `$VAR`, `${VAR}`, `%Var%`, `{{var}}`, `$FLEET_VAR_*`. Their final value
 * is unknown here, so value checks skip them.
 */
const PLACEHOLDER_RE = /^\$[A-Za-z_{]|^%[A-Za-z_][A-Za-z0-9_]*%$|\{\{[^}]*\}\}|\$FLEET_VAR_|\$\{[A-Za-z_][A-Za-z0-9_]*\}/;

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER_RE.test(value.trim());
}

/** Whether a value holds an MDM variable anywhere in it (`https://$ORG/x`, `%User%@corp`). */
export function containsPlaceholder(value: string): boolean {
  return /\$[A-Za-z_{]|%[A-Za-z_][A-Za-z0-9_]*%|\{\{[^}]*\}\}/.test(value);
}
