/** A name ending in " (n)" is a numbered copy of the name before it. */
const NUMBERED = /^(.*\S)\s+\((\d+)\)$/;

/**
 * `name` itself when no project has it, else the first free "name (2)", "name (3)", …: an
 * imported copy must be told apart from the project it was made from, in the list and in the
 * top bar. A copy of a copy counts on from the original ("My factory (2)" → "My factory (3)").
 */
export function distinctName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  const base = NUMBERED.exec(name)?.[1] ?? name;
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})`;
    if (!taken.has(candidate)) return candidate;
  }
}
