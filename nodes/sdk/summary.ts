/** The first non-empty line of a text param, trimmed, for a definition's canvas summary. */
export function firstLine(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.split('\n').map((line) => line.trim()).find(Boolean);
}
