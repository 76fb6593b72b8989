/**
 * Dollars as a person reads them, the one way every message and view shows an amount: cents for
 * a dollar or more, and four significant digits below that, so a tenth of a cent is $0.001 (not
 * $0.00), a budget of $0.015 is not shown as $0.01, and a tiny cost is never written as 1.0e-7.
 */
export function formatDollars(n: number): string {
  if (n === 0 || !Number.isFinite(n)) return `$${(n || 0).toFixed(2)}`;
  if (Math.abs(n) >= 1) return `$${n.toFixed(2)}`;
  const decimals = Math.min(12, 3 - Math.floor(Math.log10(Math.abs(n))));
  return `$${n.toFixed(decimals).replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}
