/**
 * The only code that imports node-llama-cpp. It runs inside the model's worker thread: one
 * model, one context, one chat at a time. The package ships its CPU (and CUDA, Vulkan, Metal)
 * binaries inside npm packages; `build: 'never'` keeps it from ever downloading or compiling.
 */
import type { Llama, LlamaChat, LlamaContext, LlamaModel } from 'node-llama-cpp';
import type { LoadedInfo, LoadSettings, LocalAnswer, LocalChat } from './protocol';
import { grammarSchemaOf, historyOf, parseToolReply, toolReplySchema } from './tool-format';

type Library = typeof import('node-llama-cpp');

let library: Promise<Library> | undefined;
// A dynamic import: the package is ESM-only and the built app is CommonJS.
const lib = () => (library ??= import('node-llama-cpp'));

const llamas = new Map<string, Promise<Llama>>();

/**
 * The runtime's error lines since the last load began: its thrown errors say only "Failed to
 * load model", the line before says why (a tensor outside the file, an unknown architecture).
 * Kept here instead of printed, so they reach the person in the error, not in the terminal.
 */
const nativeErrors: string[] = [];

function whyNotLoaded(): string | undefined {
  const lines = nativeErrors.map((l) => l.trim()).filter(Boolean);
  const reason = lines.map((l) => /error loading model:\s*(.*)$/.exec(l)?.[1]).find(Boolean);
  return (reason ?? lines[0])?.replace(/^llama_model_loader:\s*/, '').slice(0, 300);
}

async function llamaFor(gpu: LoadSettings['gpu']): Promise<Llama> {
  const key = String(gpu);
  let llama = llamas.get(key);
  if (!llama) {
    const { getLlama, LlamaLogLevel } = await lib();
    llama = getLlama({
      gpu,
      build: 'never',
      usePrebuiltBinaries: true,
      progressLogs: false,
      skipDownload: true,
      logLevel: LlamaLogLevel.error,
      logger: (_level, message) => {
        nativeErrors.push(message);
        if (nativeErrors.length > 20) nativeErrors.shift();
      },
    });
    llamas.set(key, llama);
  }
  return llama;
}

/** `value` brought within [min, max], or `fallback` when it is not a finite number. */
function within(value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, min === 1 ? Math.floor(value) : value));
}

/** Frees every runtime started in this thread (their binaries' threads and buffers). */
export async function disposeRuntimes(): Promise<void> {
  const started = [...llamas.values()];
  llamas.clear();
  for (const llama of started) await (await llama.catch(() => undefined))?.dispose();
}

export class LoadedModel {
  private constructor(
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly chat: LlamaChat,
    readonly info: LoadedInfo,
  ) {}

  static async load(settings: LoadSettings): Promise<LoadedModel> {
    const started = performance.now();
    const { LlamaChat } = await lib();
    const llama = await llamaFor(settings.gpu);
    const runtimeMs = performance.now() - started;
    nativeErrors.length = 0;
    const model = await llama.loadModel({ modelPath: settings.path, gpuLayers: llama.gpu ? 'auto' : 0 }).catch(async (err: Error) => {
      // The log lines come through the event loop, and may arrive after the refusal itself.
      for (let waited = 0; waited < 500 && !nativeErrors.some((l) => l.includes('error loading model')); waited += 10) {
        await new Promise((r) => setTimeout(r, 10));
      }
      const why = whyNotLoaded();
      throw new Error(why ? `${err.message}: ${why}` : err.message);
    });
    try {
      const context = await model.createContext({
        contextSize: Math.min(settings.contextSize, model.trainContextSize),
        threads: settings.threads,
      });
      const chat = new LlamaChat({ contextSequence: context.getSequence() });
      const info: LoadedInfo = {
        gpu: llama.gpu,
        contextSize: context.contextSize,
        threads: settings.threads,
        runtimeMs,
        loadMs: performance.now() - started - runtimeMs,
      };
      return new LoadedModel(model, context, chat, info);
    } catch (err) {
      await model.dispose();
      throw err;
    }
  }

  async generate(request: LocalChat, signal: AbortSignal, onText: (delta: string) => void): Promise<LocalAnswer> {
    const llama = this.model.llama;
    const tools = request.tools ?? [];
    const history = historyOf(request.messages, tools);
    const schema = tools.length ? toolReplySchema(tools) : request.jsonSchema ? grammarSchemaOf(request.jsonSchema.schema) : undefined;
    const grammar = schema ? await llama.createGrammarForJsonSchema(schema as Parameters<Llama['createGrammarForJsonSchema']>[0]) : undefined;
    const promptTokens = this.chat.chatWrapper
      .generateContextState({ chatHistory: history })
      .contextText.tokenize(this.model.tokenizer).length;
    // Tokens sampled, as the sequence's meter counts them: a garbled byte token held back from
    // the text still counts.
    const meter = this.chat.sequence.tokenMeter;
    const outputBefore = meter.usedOutputTokens;
    const result = await this.chat.generateResponse(history, {
      signal,
      grammar,
      // Without a limit, a model that never ends its answer would shift its context forever.
      // Out-of-range figures are brought into range: the runtime aborts the process on a negative one.
      maxTokens: within(request.maxTokens, 1, this.context.contextSize, Math.floor(this.context.contextSize / 2)),
      temperature: within(request.temperature, 0, 2, 0.7),
      // A fixed seed: the same request at the same temperature gives the same answer.
      seed: 0,
      // Text of a tool-call reply is JSON for us to read, not an answer to show.
      onTextChunk: tools.length ? undefined : onText,
    });
    const stop = result.metadata.stopReason;
    const usage = { promptTokens, completionTokens: meter.usedOutputTokens - outputBefore };
    if (stop === 'abort') throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
    if (tools.length) {
      const reply = parseToolReply(result.response, `call_${Date.now().toString(36)}`);
      if (reply.content) onText(reply.content);
      const finishReason = stop === 'maxTokens' ? 'length' : reply.toolCalls.length ? 'tool_calls' : 'stop';
      return { ...reply, finishReason, usage };
    }
    return { content: result.response, toolCalls: [], finishReason: stop === 'maxTokens' ? 'length' : 'stop', usage };
  }

  async dispose(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
  }
}
