/** A check's finding, placed where a person would look for it. */
export interface IacProblem {
  /** Relative to the workspace. */
  file: string;
  line?: number;
  /** The field, as a dotted path (`services.app.ports`, `spec.replicas`). */
  field?: string;
  message: string;
}

export function describeProblem(p: IacProblem): string {
  const where = [p.file, p.line ? `line ${p.line}` : undefined, p.field ? `field ${p.field}` : undefined].filter(Boolean).join(', ');
  return `${where}: ${p.message}`;
}

/** `spec.template.spec.containers[0].image` from ['spec', 'template', …, 0, 'image']. */
export function dotted(path: readonly (string | number)[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

/** The first line (1-based) of `text` that `test` matches, if any. */
export function lineWhere(text: string, test: (line: string) => boolean): number | undefined {
  const i = text.split('\n').findIndex(test);
  return i < 0 ? undefined : i + 1;
}
