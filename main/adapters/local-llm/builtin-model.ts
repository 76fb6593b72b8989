/**
 * The endpoint `builtin`: the installed models of the data folder, answered by the model host.
 * It serves the LLM service the way a server's chat completions do (same request, same answer).
 */
import { BUILTIN_BASE_URL, type EndpointValue } from '../../../nodes/sdk';
import type { BuiltinChat } from '../llm/llm-service';
import type { WireAnswer, WireChat } from '../llm/openai-client';
import { ModelHost, type LoadedModelStatus, type ModelHostOptions } from './model-host';
import { ModelLibrary } from './model-library';

function within(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s` : `${Math.round(ms / 60_000)} min`;
}

export class BuiltinModel implements BuiltinChat {
  readonly host: ModelHost;

  constructor(
    readonly library: ModelLibrary,
    host?: ModelHost | ModelHostOptions,
  ) {
    this.host = host instanceof ModelHost ? host : new ModelHost(host);
  }

  static forHome(home: string, options?: ModelHostOptions): BuiltinModel {
    return new BuiltinModel(new ModelLibrary(home), options);
  }

  endpoint(): EndpointValue | undefined {
    const model = this.library.defaultModel();
    return model ? { baseUrl: BUILTIN_BASE_URL, model: model.id } : undefined;
  }

  models(): string[] {
    return this.library.installed().map((m) => m.id);
  }

  /** The model in memory now (context, threads, GPU), by its name. */
  loaded(): (LoadedModelStatus & { id?: string }) | undefined {
    const status = this.host.status();
    if (!status) return undefined;
    return { ...status, id: this.library.installed().find((m) => m.path === status.path)?.id };
  }

  async streamChat(req: WireChat): Promise<WireAnswer> {
    const model = this.library.find(req.model);
    if (!model) {
      const installed = this.models();
      throw new Error(
        `no built-in model "${req.model}" is installed (${installed.length ? `installed: ${installed.join(', ')}` : 'none is'}): pull it with pipewright models pull ${req.model}, or add a GGUF file with pipewright models add <file> --name ${req.model}`,
      );
    }
    let stopped: { error: unknown } | undefined;
    const controller = new AbortController();
    const stop = () => controller.abort();
    req.signal.addEventListener('abort', stop, { once: true });
    const timer = setTimeout(() => {
      stopped = {
        error: new Error(
          `the built-in model did not finish within ${within(req.timeoutMs)} (this machine may be too slow for ${model.id}): ask for fewer tokens, or use a smaller model`,
        ),
      };
      controller.abort();
    }, req.timeoutMs);
    try {
      const answer = await this.host.chat(
        model.path,
        { messages: req.messages, tools: req.tools, temperature: req.temperature, maxTokens: req.maxTokens, jsonSchema: req.jsonSchema },
        {
          signal: controller.signal,
          onText: (delta) => {
            if (stopped) return;
            try {
              req.onText?.(delta);
              req.onOutput?.(delta);
            } catch (error) {
              // As with a server's stream: an error from a listener stops the answer and is thrown as it is.
              stopped = { error };
              controller.abort();
            }
          },
        },
      );
      return answer;
    } catch (err) {
      if (stopped) throw stopped.error;
      throw err;
    } finally {
      clearTimeout(timer);
      req.signal.removeEventListener('abort', stop);
    }
  }

  dispose(): Promise<void> {
    return this.host.dispose();
  }
}
