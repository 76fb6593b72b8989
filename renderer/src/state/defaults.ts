import { definitionsByKind } from '../../../nodes/definitions';

/** The params a new node starts with: every field's default, nothing for fields without one. */
export function defaultParams(kind: string): Record<string, unknown> {
  const def = definitionsByKind.get(kind);
  if (!def) return {};
  const params: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(def.params.shape)) {
    const parsed = (field as { safeParse(v: unknown): { success: boolean; data?: unknown } }).safeParse(undefined);
    if (parsed.success && parsed.data !== undefined) params[key] = parsed.data;
    // A required text field starts empty, so its schema's own message ("enter the command to
    // run") is what the person sees rather than "expected string".
    else if (!parsed.success && (field as { type?: string }).type === 'string') params[key] = '';
  }
  // An input or output needs a name to be one; give it one the person can see and change.
  if (def.role === 'pipeline-input' && !params.name) params.name = 'input';
  if (def.role === 'pipeline-output' && !params.name) params.name = 'output';
  return params;
}
