/**
 * Tool calls and structured output for a model that has no function-calling API of its own:
 * the answer is constrained to JSON by a grammar made from a schema, and read back here. One
 * reply is either `{"tool": NAME, "arguments": {…}}` or `{"answer": "…"}`.
 */
import type { ChatMessage, ToolCall, ToolSpec } from '../../../nodes/sdk';

/** The chat history in the shape the runtime takes (node-llama-cpp's ChatHistoryItem). */
export type HistoryItem = { type: 'system'; text: string } | { type: 'user'; text: string } | { type: 'model'; response: string[] };

type Schema = Record<string, unknown>;

/** Any JSON scalar: where a schema says something the grammar cannot express. */
const ANY_SCALAR: Schema = { type: ['string', 'number', 'boolean', 'null'] };

/**
 * The part of a JSON Schema the grammar builder understands (types, properties, required,
 * items, enum, const, oneOf/anyOf, lengths). Anything else is widened rather than refused, so
 * a tool whose schema uses `pattern` or `format` still gets a parseable answer.
 */
export function grammarSchemaOf(schema: unknown): Schema {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return ANY_SCALAR;
  const s = schema as Schema;
  if ('const' in s) return { const: s.const };
  if (Array.isArray(s.enum)) return { enum: s.enum };
  const options = (s.oneOf ?? s.anyOf) as unknown;
  if (Array.isArray(options) && options.length) return { oneOf: options.map(grammarSchemaOf) };
  const type = s.type;
  if (type === 'object' || (type === undefined && typeof s.properties === 'object')) {
    const properties = Object.fromEntries(Object.entries((s.properties ?? {}) as Schema).map(([k, v]) => [k, grammarSchemaOf(v)]));
    const required = Array.isArray(s.required) ? (s.required as string[]).filter((k) => k in properties) : Object.keys(properties);
    return { type: 'object', properties, required, additionalProperties: Object.keys(properties).length === 0 };
  }
  if (type === 'array') {
    return {
      type: 'array',
      items: s.items === undefined ? ANY_SCALAR : grammarSchemaOf(s.items),
      ...(typeof s.minItems === 'number' ? { minItems: s.minItems } : {}),
      ...(typeof s.maxItems === 'number' ? { maxItems: s.maxItems } : {}),
    };
  }
  if (type === 'string') {
    return {
      type: 'string',
      ...(typeof s.minLength === 'number' ? { minLength: s.minLength } : {}),
      ...(typeof s.maxLength === 'number' ? { maxLength: s.maxLength } : {}),
    };
  }
  const basic = ['string', 'number', 'integer', 'boolean', 'null'];
  if (typeof type === 'string' && basic.includes(type)) return { type };
  if (Array.isArray(type) && type.every((t) => basic.includes(t as string))) return { type };
  return ANY_SCALAR;
}

/** The schema of one reply when tools are offered: a call of one of them, or an answer. */
export function toolReplySchema(tools: readonly ToolSpec[]): Schema {
  return {
    oneOf: [
      ...tools.map((t) => ({
        type: 'object',
        properties: { tool: { const: t.name }, arguments: grammarSchemaOf(t.parameters) },
        required: ['tool', 'arguments'],
      })),
      { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] },
    ],
  };
}

function toolInstructions(tools: readonly ToolSpec[]): string {
  const list = tools.map((t) => `- ${t.name}: ${t.description}\n  arguments (JSON Schema): ${JSON.stringify(t.parameters)}`).join('\n');
  return `You can call these tools:\n${list}\n\nReply with JSON only. To call a tool: {"tool": "<name>", "arguments": {…}}. To answer without a tool: {"answer": "<your answer>"}. A tool's result comes back in the next message.`;
}

/** A tool call as the model wrote it, so the history shows it the way it is asked to reply. */
function callText(call: ToolCall): string {
  let args: unknown = call.arguments;
  try {
    args = JSON.parse(call.arguments);
  } catch {
    // Malformed arguments are shown as the text they were.
  }
  return JSON.stringify({ tool: call.name, arguments: args });
}

/** The request's messages as a runtime chat history, with the tools described in the system text. */
export function historyOf(messages: readonly ChatMessage[], tools: readonly ToolSpec[] = []): HistoryItem[] {
  const items: HistoryItem[] = [];
  const user = (text: string) => {
    const last = items[items.length - 1];
    // Consecutive user turns (a tool result, then the person) read as one.
    if (last?.type === 'user') last.text += `\n\n${text}`;
    else items.push({ type: 'user', text });
  };
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  if (tools.length) system.push(toolInstructions(tools));
  if (system.length) items.push({ type: 'system', text: system.join('\n\n') });
  for (const m of messages) {
    if (m.role === 'user') user(m.content);
    else if (m.role === 'tool') user(`Result of tool call ${m.toolCallId}:\n${m.content}`);
    else if (m.role === 'assistant') {
      const parts = m.toolCalls?.length ? m.toolCalls.map(callText) : [tools.length ? JSON.stringify({ answer: m.content }) : m.content];
      items.push({ type: 'model', response: [parts.join('\n')] });
    }
  }
  return items;
}

/**
 * Reads a reply made under `toolReplySchema`. A reply cut short (the token limit) or otherwise
 * not JSON is returned as plain content, as a server's would be.
 */
export function parseToolReply(text: string, callId: string): { content: string; toolCalls: ToolCall[] } {
  let reply: unknown;
  try {
    reply = JSON.parse(text);
  } catch {
    return { content: text, toolCalls: [] };
  }
  const r = reply as { tool?: unknown; arguments?: unknown; answer?: unknown };
  if (typeof r?.tool === 'string') {
    return { content: '', toolCalls: [{ id: callId, name: r.tool, arguments: JSON.stringify(r.arguments ?? {}) }] };
  }
  return { content: typeof r?.answer === 'string' ? r.answer : text, toolCalls: [] };
}
