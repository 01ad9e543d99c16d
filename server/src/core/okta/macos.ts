import { subSchemaAt, type JsonSchema } from '../schema/registry';
import { compareVersions, parseVersion, type Version } from '../version';

/**
 * Which macOS has which key: the schema's `macOS` annotation (from Apple's
 * device-management catalog). The one answer to "is this key available on
 * macOS V", for the DPS425 rule, the inferred target and the preview.
 */

export interface KeyMacOS {
  /** The annotation as written (for problem data). */
  annotation: { introduced?: string; removed?: string };
  introduced: Version | undefined;
  removed: Version | undefined;
}

/** The macOS range of the key at `path` of a payload schema (both ends open when the schema does not date it). */
export function keyMacOS(schema: JsonSchema, path: ReadonlyArray<string | number>): KeyMacOS {
  const annotation = (subSchemaAt(schema, path)?.macOS ?? {}) as KeyMacOS['annotation'];
  return { annotation, introduced: parseVersion(annotation.introduced), removed: parseVersion(annotation.removed) };
}

/** Why a key is not on macOS `version` (it came later, or was removed by then); undefined when it is there. */
export function keyMissingOn(key: KeyMacOS, version: Version): { because: 'introduced' | 'removed'; version: Version } | undefined {
  if (key.introduced && compareVersions(key.introduced, version) > 0) return { because: 'introduced', version: key.introduced };
  if (key.removed && compareVersions(key.removed, version) <= 0) return { because: 'removed', version: key.removed };
  return undefined;
}
