/**
 * Chat models as nodes use them; main/adapters/llm implements it against any OpenAI-compatible
 * endpoint (OpenAI, Mistral, a LiteLLM proxy, vLLM, Ollama, LM Studio). Retries, accounting,
 * the budget, the response cache, the router and the transcript all happen behind `chat`.
 */
import type { EndpointValue } from './ports';

/**
 * The base URL of Pipewright's own local model (the endpoint named `builtin`): no server, the
 * model runs inside the app. Its `model` is an installed model's name (`pipewright models list`).
 */
export const BUILTIN_BASE_URL = 'builtin';

/** What a call is for; the router maps it, with a complexity, to endpoints and models. */
export const LLM_TASKS = ['code_generation', 'planning', 'troubleshooting', 'chat'] as const;
export type LlmTask = (typeof LLM_TASKS)[number];
export const LLM_COMPLEXITIES = ['simple', 'medium', 'complex'] as const;
export type LlmComplexity = (typeof LLM_COMPLEXITIES)[number];

export interface ToolCall {
  id: string;
  name: string;
  /** The arguments as the model wrote them: JSON text, not yet parsed (it may be malformed). */
  arguments: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

/** A function the model may call; `parameters` is a JSON Schema object. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ChatRequest {
  /** The endpoint to use. Without one, the router picks by `route` (with its fallbacks). */
  endpoint?: EndpointValue;
  route?: { task: LlmTask; complexity?: LlmComplexity };
  messages: ChatMessage[];
  tools?: ToolSpec[];
  /** 0 makes answers repeatable, and lets the response cache answer a repeat. */
  temperature?: number;
  maxTokens?: number;
  /** Ask for JSON matching this schema (structured output) where the server supports it. */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  /** Use the response cache even though the temperature is not 0. */
  cache?: boolean;
  /** Stream the answer's text into the node's log as it arrives (default true). */
  logTokens?: boolean;
}

export interface LlmUsageFigures {
  promptTokens: number;
  completionTokens: number;
  /** In US dollars; 0 for local models and cached answers, undefined when the price is unknown. */
  cost?: number;
}

export interface ChatResponse {
  content: string;
  toolCalls: ToolCall[];
  /** `stop`, `tool_calls`, `length`, … as the server said. */
  finishReason: string;
  usage: LlmUsageFigures;
  /** Which endpoint and model answered (the router may have fallen back). */
  endpoint: { baseUrl: string; model: string };
  /** Answered from the response cache: no request was sent and nothing was spent. */
  cached: boolean;
}

/**
 * File access for an agent, confined to one folder: absolute paths, `..` and symbolic links
 * that lead out are refused with an Error whose message is written for the model to read.
 */
export interface AgentFiles {
  read(path: string): Promise<string>;
  /** Creates the folders on the way. */
  write(path: string, content: string): Promise<void>;
  /** Files (not folders) under `path` (default: everything), relative to the root, sorted. */
  list(path?: string): Promise<string[]>;
  remove(path: string): Promise<void>;
}

export interface LlmApi {
  chat(request: ChatRequest): Promise<ChatResponse>;
  /** Lists the models an OpenAI-compatible endpoint serves (GET /models). */
  models(endpoint: { baseUrl: string; apiKeySecret?: string }): Promise<string[]>;
  /** File tools for an agent working in `root`. */
  files(root: string): AgentFiles;
}
