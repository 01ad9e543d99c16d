import type { ContainerNode, PlistNode } from './ast';

/**
 * The plist tree as plain JSON for ajv: dict → object, array → array,
 * integer/real → number, date → ISO string, data → base64 string.
 * `nodeOf` maps every object/array back to its node, so a validation error
 * on a scalar can be traced to its element through the parent.
 * Keys are defined as own properties, so a key named `__proto__` is data, not a prototype.
 */
export function toJson(node: PlistNode, nodeOf?: { set(value: object, node: ContainerNode): unknown }): unknown {
  switch (node.kind) {
    case 'dict': {
      const obj: Record<string, unknown> = {};
      for (const e of node.entries) {
        if (!e.value) continue; // with duplicate keys the last value wins, like getEntry
        const value = toJson(e.value, nodeOf);
        // An assignment makes the same own data property, except for `__proto__` (a setter on Object.prototype).
        if (e.key === '__proto__') Object.defineProperty(obj, e.key, { value, enumerable: true, writable: true, configurable: true });
        else obj[e.key] = value;
      }
      nodeOf?.set(obj, node);
      return obj;
    }
    case 'array': {
      const arr = node.items.map((it) => toJson(it, nodeOf));
      nodeOf?.set(arr, node);
      return arr;
    }
    default:
      return node.value;
  }
}
