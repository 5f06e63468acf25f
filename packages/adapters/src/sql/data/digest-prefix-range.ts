/**
 * A digest prefix as a range on the digest index instead of LIKE: the same plan on both
 * dialects and under any collation, since the bounds hold only hex digits, whose order every
 * collation agrees on.
 */

const HEX_PREFIX = /^[0-9a-f]{1,64}$/;
const HEX_DIGITS = '0123456789abcdef';

/**
 * Digests starting with `prefix` are those ≥ `from` and < `below` (no upper bound when
 * `below` is absent: `fff` is followed by nothing); undefined when `prefix` is not lowercase hex.
 */
export function digestPrefixRange(prefix: string): { from: string; below?: string } | undefined {
  if (!HEX_PREFIX.test(prefix)) return undefined;
  const below = hexSuccessor(prefix);
  return below === undefined ? { from: prefix } : { from: prefix, below };
}

/** The smallest hex string of the same length above every string starting with `prefix` (`ab3f` → `ab40`). */
function hexSuccessor(prefix: string): string | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const digit = HEX_DIGITS.indexOf(prefix.charAt(i));
    if (digit < 15) {
      return prefix.slice(0, i) + HEX_DIGITS.charAt(digit + 1) + '0'.repeat(prefix.length - i - 1);
    }
  }
  return undefined;
}
