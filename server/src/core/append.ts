/**
 * `target.push(...items)` for arrays whose length the input decides: a spread passes every
 * item as an argument, and about 120,000 of them overflow V8's stack (a RangeError), which
 * a large workspace or a hostile file reaches.
 */
export function append<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
