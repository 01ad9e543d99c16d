import type { ProfileDocument } from '../model';
import type { Span } from '../plist/ast';
import { getSchema } from '../schema/registry';
import { entryOf, keySchemaOf, locate } from './context';
import { uuidSiteAt, uuidSites } from './navigation';
import { keySourceLinks } from './key-links';
import { keyDocumentation, macOSText } from './schema-text';

/**
 * Hover: on a key, what it does (in our words), its type, values, default,
 * macOS versions and what Okta expects; on a PayloadType value, the payload
 * kind; on a UUID reference, the payload it points to.
 */

export interface HoverSpec {
  /** Markdown. */
  contents: string;
  span: Span;
}

export function hoverAt(doc: ProfileDocument, offset: number, deployment: readonly ProfileDocument[] = []): HoverSpec | undefined {
  const here = locate(doc.root, offset);
  if (here.kind === 'key') {
    const found = keySchemaOf(doc, here.dict, here.entry.key);
    const links = keySourceLinks(found?.place.schemaId, found?.schema);
    const contents = keyDocumentation(here.entry.key, found?.schema, { heading: true });
    return { contents: links ? `${contents}\n\n${links}` : contents, span: here.entry.keySpan };
  }
  if (here.kind !== 'string-content' && here.kind !== 'value') return undefined;
  const node = here.node;
  if (node.kind !== 'string') return undefined;

  const site = uuidSiteAt(doc, offset);
  if (site) {
    const docs = [doc, ...deployment.filter((d) => d.documentId !== doc.documentId)];
    const sites = uuidSites(docs, node.value);
    if (site.role === 'reference') {
      const targets = sites.filter((s) => s.role === 'declaration' && s.payload);
      if (!targets.length)
        return { contents: `No payload in this ${deployment.length > 1 ? 'deployment' : 'profile'} has the PayloadUUID \`${node.value}\`.`, span: node.span };
      const lines = targets.map((t) => {
        const p = t.payload!;
        const where = t.documentId === doc.documentId ? '' : ` in \`${baseName(t.documentId)}\``;
        return `Points to **${p.displayName ?? p.type ?? 'a payload'}** (\`${p.type ?? 'no PayloadType'}\`${p.identifier ? `, \`${p.identifier}\`` : ''})${where}.`;
      });
      return { contents: lines.join('\n\n'), span: node.span };
    }
    const refs = sites.filter((s) => s.role === 'reference').length;
    return {
      contents: refs ? `Referenced by ${refs} ${refs === 1 ? 'key' : 'keys'} of other payloads.` : 'No other payload refers to this PayloadUUID.',
      span: node.span,
    };
  }

  if (entryOf(node)?.key === 'PayloadType') {
    const schema = getSchema(node.value.trim());
    if (!schema) return undefined;
    const mac = macOSText(schema);
    return {
      contents: [`**${schema.title ?? node.value}** (\`${node.value.trim()}\`)`, '', String(schema.description ?? ''), mac ? `\n- ${mac}` : '']
        .join('\n')
        .trim(),
      span: node.span,
    };
  }
  return undefined;
}

function baseName(id: string): string {
  const cleaned = id.replace(/[?#].*$/, '');
  const name = cleaned.slice(cleaned.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
