/**
 * Compare our plain-JSON view of a plist (toJson) with the value the `plist`
 * npm package returns. Returns the first difference, or undefined when equal.
 */
export interface Difference {
  path: string;
  ours: unknown;
  theirs: unknown;
  why: string;
}

const show = (v: unknown): string => {
  const s = Buffer.isBuffer(v)
    ? `<Buffer base64 ${v.toString('base64')}>`
    : v instanceof Date
      ? `<Date ${Number.isNaN(v.getTime()) ? 'Invalid' : v.toISOString()}>`
      : JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? s.slice(0, 79) + '…' : s;
};

export function describe(d: Difference): string {
  return `${d.path || '(root)'}: ${d.why} (ours ${show(d.ours)}, plist ${show(d.theirs)})`;
}

export function compareWithPlistPackage(ours: unknown, theirs: unknown, path = ''): Difference | undefined {
  const diff = (why: string): Difference => ({ path, ours, theirs, why });
  if (Buffer.isBuffer(theirs)) {
    if (typeof ours !== 'string') return diff('data vs non-string');
    if (ours === theirs.toString('base64')) return undefined;
    // Base64 spelled differently (e.g. without padding) but strictly valid: compare the bytes.
    const strict = /^[A-Za-z0-9+/]*={0,2}$/.test(ours) && ours.length % 4 !== 1;
    return strict && Buffer.from(ours, 'base64').equals(theirs) ? undefined : diff('data differs');
  }
  if (theirs instanceof Date) {
    if (typeof ours !== 'string') return diff('date vs non-string');
    const a = Date.parse(ours);
    const b = theirs.getTime();
    return a === b || (Number.isNaN(a) && Number.isNaN(b)) ? undefined : diff('date instant differs');
  }
  if (typeof theirs === 'number') {
    if (typeof ours !== 'number') return diff('number vs ' + typeof ours);
    if (Number.isNaN(ours) && Number.isNaN(theirs)) return undefined;
    if (Number.isInteger(theirs) && Number.isInteger(ours)) return ours === theirs ? undefined : diff('integer differs');
    const close = Math.abs(ours - theirs) <= 1e-12 * Math.max(1, Math.abs(ours), Math.abs(theirs));
    return close || ours === theirs ? undefined : diff('real differs');
  }
  if (typeof theirs === 'string' || typeof theirs === 'boolean' || theirs === null) {
    return ours === theirs ? undefined : diff(`${theirs === null ? 'null' : typeof theirs} differs`);
  }
  if (Array.isArray(theirs)) {
    if (!Array.isArray(ours)) return diff('array vs non-array');
    if (ours.length !== theirs.length) return diff(`array length ${ours.length} vs ${theirs.length}`);
    for (let i = 0; i < theirs.length; i++) {
      const d = compareWithPlistPackage(ours[i], theirs[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (typeof theirs === 'object') {
    if (typeof ours !== 'object' || ours === null || Array.isArray(ours)) return diff('dict vs non-dict');
    const a = Object.keys(ours).sort();
    const b = Object.keys(theirs as object).sort();
    const missing = b.filter((k) => !a.includes(k));
    const extra = a.filter((k) => !b.includes(k));
    if (missing.length || extra.length) return diff(`keys differ: only in plist ${JSON.stringify(missing)}, only in ours ${JSON.stringify(extra)}`);
    for (const k of b) {
      const d = compareWithPlistPackage((ours as Record<string, unknown>)[k], (theirs as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return undefined;
  }
  return diff(`unexpected ${typeof theirs}`);
}
