import type { ToolCall } from '..';

export type ToolArgs = Record<string, unknown>;

/**
 * A tool call's arguments as an object, or the `error: …` line to send back to the model when
 * they are not a JSON object, so it can correct itself.
 */
export function parseToolArgs(call: ToolCall): ToolArgs | string {
  try {
    const parsed: unknown = JSON.parse(call.arguments || '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as ToolArgs;
    return `error: the arguments of ${call.name} must be a JSON object`;
  } catch (err) {
    return `error: the arguments of ${call.name} are not valid JSON (${(err as Error).message}); send them again`;
  }
}

/** A string argument; throws an Error written for the model when it is missing or not text. */
export function textArg(args: ToolArgs, name: string): string {
  const value = args[name];
  if (typeof value !== 'string') throw new Error(`"${name}" must be a string`);
  return value;
}
