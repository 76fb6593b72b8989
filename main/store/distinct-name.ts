/** A name ending in " (n)" is a numbered copy of the name before it. */
const NUMBERED = /^(.*\S)\s+\((\d+)\)$/;

/** As long as a project's name may be (the contract's ProjectName): the list and top bar show it whole. */
export const MAX_NAME_LENGTH = 200;

/** `name` cut to `max` characters, ending in "…" when it was cut. */
function fit(name: string, max: number): string {
  return name.length <= max ? name : `${name.slice(0, max - 1).trimEnd()}…`;
}

/**
 * `name` itself when no project has it, else the first free "name (2)", "name (3)", …: an
 * imported copy must be told apart from the project it was made from, in the list and in the
 * top bar. A copy of a copy counts on from the original ("My factory (2)" → "My factory (3)").
 * Within MAX_NAME_LENGTH, number included: a template may bring a name of any length.
 */
export function distinctName(name: string, taken: ReadonlySet<string>): string {
  const fitted = fit(name, MAX_NAME_LENGTH);
  if (!taken.has(fitted)) return fitted;
  const base = NUMBERED.exec(fitted)?.[1] ?? fitted;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = `${fit(base, MAX_NAME_LENGTH - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
