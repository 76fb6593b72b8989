import path from 'node:path';

/** `./src//a.js` and `src/a.js` name one file: the report and the ledger use one spelling. */
export function normalizePath(p: string): string {
  const n = path.posix.normalize(p.replace(/\\/g, '/'));
  return n.startsWith('./') ? n.slice(2) : n;
}
