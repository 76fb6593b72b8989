/**
 * The messages between the main thread (model-host.ts) and the model's worker thread
 * (worker.ts). Plain data only: they cross the thread boundary by structured clone.
 */
import type { ChatMessage, ToolCall, ToolSpec } from '../../../nodes/sdk';

/** What the machine lets the runtime use, chosen on the main thread before loading. */
export interface LoadSettings {
  path: string;
  contextSize: number;
  threads: number;
  /** `auto` uses CUDA, Vulkan or Metal where one works, and the CPU otherwise. */
  gpu: 'auto' | false;
}

export interface LocalChat {
  messages: readonly ChatMessage[];
  tools?: readonly ToolSpec[];
  temperature?: number;
  maxTokens?: number;
  jsonSchema?: { name: string; schema: Record<string, unknown> };
}

export interface LocalAnswer {
  content: string;
  toolCalls: ToolCall[];
  finishReason: 'stop' | 'length' | 'tool_calls';
  usage: { promptTokens: number; completionTokens: number };
}

export interface LoadedInfo {
  /** The GPU backend in use (`cuda`, `vulkan`, `metal`), or false on the CPU. */
  gpu: string | false;
  contextSize: number;
  threads: number;
  /** Starting the runtime (its binaries, the GPU probe), once per worker. */
  runtimeMs: number;
  /** Loading the model file and making its context. */
  loadMs: number;
}

export type ToWorker =
  | { type: 'load'; id: number; settings: LoadSettings }
  | { type: 'chat'; id: number; chat: LocalChat }
  | { type: 'cancel'; id: number }
  | { type: 'unload'; id: number }
  /** Free the model and the runtime, then let the thread end by itself. */
  | { type: 'exit'; id: number };

export type FromWorker =
  | { type: 'loaded'; id: number; info: LoadedInfo }
  | { type: 'text'; id: number; delta: string }
  | { type: 'answer'; id: number; answer: LocalAnswer }
  | { type: 'unloaded'; id: number }
  | { type: 'failed'; id: number; message: string; aborted?: boolean };
