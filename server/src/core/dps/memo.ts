/**
 * A function of a string remembered for the length of one rule run: a large profile repeats the same few hosts and
 * URLs thousands of times, and each costs regular expressions to judge. Never kept across runs (no module state).
 */
export function memoByString<T>(f: (value: string) => T): (value: string) => T {
  const known = new Map<string, T>();
  return (value) => {
    if (known.has(value)) return known.get(value) as T;
    const result = f(value);
    known.set(value, result);
    return result;
  };
}
