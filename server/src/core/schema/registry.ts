/**
 * The payload JSON Schemas (generated into `schemas/` by scripts/gen-schemas.mjs), looked up by
 * payload type or preference domain. Imported statically so the bundle needs no file access.
 */
import configuration from '../../../../schemas/Configuration.schema.json';
import extensibleSSO from '../../../../schemas/com.apple.extensiblesso.schema.json';
import associatedDomains from '../../../../schemas/com.apple.associated-domains.schema.json';
import scep from '../../../../schemas/com.apple.security.scep.schema.json';
import managedPreferences from '../../../../schemas/com.apple.ManagedClient.preferences.schema.json';
import oktaMobile from '../../../../schemas/com.okta.mobile.schema.json';
import oktaAuthServiceExtension from '../../../../schemas/com.okta.mobile.auth-service-extension.schema.json';
import passwordPolicy from '../../../../schemas/com.apple.mobiledevice.passwordpolicy.schema.json';
import loginWindow from '../../../../schemas/com.apple.loginwindow.schema.json';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonSchema = Record<string, any>;

/** Schema id of the top-level profile dictionary. */
export const PROFILE_SCHEMA_ID = 'Configuration';

/** Preference domains we know that are delivered as custom settings (own PayloadType or MCX). */
export { OKTA_PREFERENCE_DOMAINS as KNOWN_PREFERENCE_DOMAINS } from '../okta/identifiers';

const SCHEMAS: ReadonlyArray<{ id: string; schema: JsonSchema }> = [
  configuration,
  extensibleSSO,
  associatedDomains,
  scep,
  managedPreferences,
  oktaMobile,
  oktaAuthServiceExtension,
  passwordPolicy,
  loginWindow,
].map((schema: JsonSchema) => ({ id: schema.payload.payloadType as string, schema }));

const BY_ID = new Map(SCHEMAS.map((entry) => [entry.id, entry.schema]));

/** The schema for a payload type, a preference domain, or `PROFILE_SCHEMA_ID`. */
export function getSchema(payloadTypeOrDomain: string): JsonSchema | undefined {
  return BY_ID.get(payloadTypeOrDomain);
}

export function allSchemas(): ReadonlyArray<{ id: string; schema: JsonSchema }> {
  return SCHEMAS;
}

const patternCache = new Map<string, RegExp>();
function patternMatches(pattern: string, key: string): boolean {
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'u');
    patternCache.set(pattern, re);
  }
  return re.test(key);
}

/**
 * The sub-schema that describes the value at `path` (dictionary keys as strings, array indexes as
 * numbers), following properties, patternProperties, additionalProperties and items.
 * Undefined when the path leaves what the schema describes.
 */
export function subSchemaAt(schema: JsonSchema, path: ReadonlyArray<string | number>): JsonSchema | undefined {
  let current: JsonSchema | undefined = schema;
  for (const segment of path) {
    if (!current) return undefined;
    if (typeof segment === 'number') {
      const items: unknown = current.items;
      current = isSchema(items) ? items : undefined;
      continue;
    }
    const properties: Record<string, JsonSchema> | undefined = current.properties;
    if (properties && Object.prototype.hasOwnProperty.call(properties, segment)) {
      current = properties[segment];
      continue;
    }
    const patterns: Record<string, JsonSchema> | undefined = current.patternProperties;
    const byPattern = patterns && Object.keys(patterns).find((p) => patternMatches(p, segment));
    if (patterns && byPattern !== undefined) {
      current = patterns[byPattern];
      continue;
    }
    const additional: unknown = current.additionalProperties;
    current = isSchema(additional) ? additional : undefined;
  }
  return current;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
