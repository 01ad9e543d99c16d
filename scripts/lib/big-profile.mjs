// A large profile for the benchmark: the payloads of one example profile repeated until there are `count`
// of them, each copy with its own PayloadUUID and PayloadIdentifier, inside the example's outer dictionary.
// Built from the committed examples, so it is the same file on every machine.
import { readFileSync, writeFileSync } from 'node:fs';

/** Writes the profile to `path`; returns { path, bytes, payloads }. `core` is the bundled core (load-core.mjs). */
export function writeBigProfile(core, examplePath, path, count) {
  const text = core.decodeBytes(readFileSync(examplePath)).text;
  const { root } = core.parsePlist(text);
  const content = core.getEntry(root, 'PayloadContent')?.value;
  if (content?.kind !== 'array' || content.items.length === 0) throw new Error(`${examplePath} has no PayloadContent array to repeat`);
  const payloads = content.items.map((n) => text.slice(n.span.start, n.span.end));
  const parts = [];
  for (let i = 0; i < count; i++) {
    const hex = i.toString(16).padStart(12, '0').toUpperCase();
    parts.push(
      payloads[i % payloads.length]
        .replace(/(<key>PayloadUUID<\/key>\s*<string>)[^<]*(<\/string>)/, `$1D0C5BE4C-0000-4000-8000-${hex}$2`)
        .replace(/(<key>PayloadIdentifier<\/key>\s*<string>)([^<]*)(<\/string>)/, `$1$2.copy${i}$3`),
    );
  }
  const indent = '\n\t\t';
  const big = text.slice(0, content.content.start) + indent + parts.join(indent) + '\n\t' + text.slice(content.content.end);
  writeFileSync(path, big);
  return { path, bytes: Buffer.byteLength(big), payloads: count };
}
