import { SOURCES } from '../okta';
import type { JsonSchema } from '../schema/registry';
import { oktaOf } from './schema-text';

/**
 * The page behind a key, for its hover: Apple's device-management catalog
 * entry of the payload (where Apple documents each key), and Okta's page for
 * the Okta Verify settings. A key Okta annotates already links its own source.
 */

const APPLE_CATALOG = 'https://github.com/apple/device-management/blob/release/mdm/profiles/';

export function appleCatalogPage(schemaId: string | undefined): string | undefined {
  if (schemaId === 'Configuration') return `${APPLE_CATALOG}TopLevel.yaml`;
  return schemaId?.startsWith('com.apple.') ? `${APPLE_CATALOG}${schemaId}.yaml` : undefined;
}

/** Markdown links, or undefined when there is no page to point to. */
export function keySourceLinks(schemaId: string | undefined, schema: JsonSchema | undefined): string | undefined {
  const links: string[] = [];
  const apple = appleCatalogPage(schemaId);
  if (apple) links.push(`[Apple: ${schemaId === 'Configuration' ? 'TopLevel' : schemaId}](${apple})`);
  if (schemaId?.startsWith('com.okta.') && !oktaOf(schema)?.source) links.push(`[Okta: managed app configuration for macOS](${SOURCES.oktaManagedAppConfig})`);
  return links.length ? links.join(' · ') : undefined;
}
