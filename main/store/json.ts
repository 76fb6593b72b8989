/**
 * JSON text for a column, or null when the value cannot be written as JSON (a BigInt, a cycle):
 * one odd value must not fail the batch it is written in. Readers treat null as "not kept".
 */
export function toJson(value: unknown): string | null {
  if (value === undefined) return null;
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null;
  }
}

export function fromJson<T>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}
