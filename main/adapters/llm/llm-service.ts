import {
  NodeError,
  type CapabilityScope,
  type ChatMessage,
  type ChatRequest,
  type ChatResponse,
  type EndpointValue,
  type LlmApi,
} from '../../../nodes/sdk';
import { LLM_ENDPOINTS, LLM_PRICES, LLM_ROUTER, llmBudgetKey } from '../../settings-keys';
import type { Store } from '../../store';
import { agentFiles } from '../fs/agent-files';
import { checkBudget, estimatePromptTokens, estimateTokens } from './budget';
import { classify, listModels, streamChat, type CallFailure, type WireAnswer } from './openai-client';
import { BUNDLED_PRICES, costOf, priceAt, type ModelPrice, type PriceTable } from './prices';
import { requestKey } from './request-key';
import { EndpointsSetting, RouterSetting, readSetting, resolveRoute } from './router';
import { CallGaveUp, DEFAULT_RETRY, withRetries, type RetryPolicy } from './retry';
import { TranscriptRecorder } from './transcript-recorder';

export interface LlmServiceOptions {
  store: Store;
  retry?: RetryPolicy;
  /** How long one request may wait for its answer. */
  timeoutMs?: number;
}

/** Who a call is for: where its cost is counted and its tokens and notes are logged. */
export interface Caller {
  projectId: string;
  runId?: string;
  nodeId?: string;
  signal: AbortSignal;
  log?: CapabilityScope['log'];
  transcript?: TranscriptRecorder;
}

interface Target extends EndpointValue {
  /** The endpoint's name in the settings, when the router picked it. */
  name?: string;
}

function describe(t: Target): string {
  return `endpoint ${t.name ? `"${t.name}" ` : ''}(${t.baseUrl}, model ${t.model})`;
}

/** Replaces each secret value in `text`, so no message built from a server's words carries one. */
function redact(text: string, secrets: ReadonlyMap<string, string>): string {
  let out = text;
  for (const [name, value] of secrets) if (value) out = out.split(value).join(`[secret ${name}]`);
  return out;
}

function hint(failure: CallFailure): string {
  if (failure.status === 401 || failure.status === 403) return 'check the API key secret the endpoint names (pipewright secret set NAME)';
  if (failure.status === 404) return 'check the base URL (it usually ends in /v1) and the model name (pipewright endpoint test)';
  if (failure.status === 429) return 'the provider is limiting requests: wait and run again, or raise your limits with it';
  if (failure.retryable) return 'check that the server is running and reachable (pipewright endpoint test)';
  return 'check the endpoint settings and the request';
}

/**
 * Chat against OpenAI-compatible endpoints with everything around the call: the router and its
 * fallbacks, the budget, the response cache, retries, token and cost accounting, the transcript.
 * One per host; `forScope` gives each node attempt its own view.
 */
export class LlmService {
  private readonly store: Store;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;

  constructor(options: LlmServiceOptions) {
    this.store = options.store;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.timeoutMs = options.timeoutMs ?? 10 * 60_000;
  }

  /** The LlmApi a node sees: calls counted against its run and project, tokens in its log. */
  forScope(scope: CapabilityScope): LlmApi {
    const transcript = new TranscriptRecorder(this.store.transcripts, scope.runId, scope.nodeId);
    const caller: Caller = {
      projectId: scope.projectId,
      runId: scope.runId,
      nodeId: scope.nodeId,
      signal: scope.signal,
      log: (chunk, stream) => scope.log(chunk, stream),
      transcript,
    };
    return {
      chat: (request) => this.chat(request, caller),
      models: (endpoint) => this.models(endpoint, scope.signal),
      files: (root) => agentFiles(root),
    };
  }

  /** The endpoints configured by name (the `llm.endpoints` setting). */
  endpoints(): EndpointsSetting {
    return readSetting(LLM_ENDPOINTS, EndpointsSetting, this.store.settings.get(LLM_ENDPOINTS)) ?? {};
  }

  async models(endpoint: { baseUrl: string; apiKeySecret?: string }, signal: AbortSignal = new AbortController().signal): Promise<string[]> {
    const secrets = new Map<string, string>();
    const apiKey = this.apiKey({ ...endpoint, model: '' }, secrets);
    try {
      return await withRetries(() => listModels(endpoint.baseUrl, apiKey, signal, Math.min(this.timeoutMs, 30_000)), classify, {
        policy: { ...this.retry, attempts: Math.min(this.retry.attempts, 2) },
        signal,
      });
    } catch (err) {
      if (!(err instanceof CallGaveUp)) throw err;
      throw new NodeError(
        redact(`${endpoint.baseUrl}: listing the models failed: ${err.failure.reason}; ${hint(err.failure)}`, secrets),
      );
    }
  }

  async chat(request: ChatRequest, caller: Caller): Promise<ChatResponse> {
    const targets = this.targets(request);
    const failures: string[] = [];
    for (const [i, target] of targets.entries()) {
      try {
        return await this.callOne(target, request, caller);
      } catch (err) {
        if (caller.signal.aborted || !(err instanceof NodeError)) throw err;
        if (targets.length === 1) throw err;
        // Every error of one endpoint starts by naming it.
        failures.push(err.message);
        if (i < targets.length - 1) caller.log?.(`\n[${describe(target)} failed; trying ${describe(targets[i + 1])}]\n`, 'info');
      }
    }
    const route = request.route!;
    throw new NodeError(
      `every endpoint for ${route.task}/${route.complexity ?? 'medium'} failed`,
      failures.map((f) => `- ${f}`).join('\n'),
    );
  }

  private targets(request: ChatRequest): Target[] {
    if (request.endpoint) return [request.endpoint];
    if (!request.route) throw new NodeError('an LLM call needs an endpoint or a task to route by; connect an LLM endpoint node');
    const router = readSetting(LLM_ROUTER, RouterSetting, this.store.settings.get(LLM_ROUTER));
    return resolveRoute(this.endpoints(), router, request.route.task, request.route.complexity ?? 'medium');
  }

  private prices(): PriceTable {
    const extra = this.store.settings.get<Record<string, ModelPrice>>(LLM_PRICES);
    return extra ? { ...BUNDLED_PRICES, ...extra } : BUNDLED_PRICES;
  }

  private apiKey(target: Target, secrets: Map<string, string>): string | undefined {
    const name = target.apiKeySecret;
    if (!name) return undefined;
    const value = this.store.secrets.get(name);
    if (value === undefined) {
      throw new NodeError(
        `${describe(target)} needs the secret "${name}" as its API key, and it is not set: set it with pipewright secret set ${name} (or in Settings → Secrets)`,
      );
    }
    secrets.set(name, value);
    return value;
  }

  private async callOne(target: Target, request: ChatRequest, caller: Caller): Promise<ChatResponse> {
    const secrets = new Map<string, string>();
    const apiKey = this.apiKey(target, secrets);
    const where = describe(target);
    const logTokens = request.logTokens !== false;
    const endpoint = { baseUrl: target.baseUrl, model: target.model };

    const cacheable = request.temperature === 0 || request.cache === true;
    const key = cacheable ? requestKey(target.baseUrl, target.model, request) : undefined;
    const hit = key ? this.store.llmCache.get(key) : undefined;
    if (hit) {
      if (logTokens && hit.content) caller.log?.(hit.content, 'stdout');
      caller.log?.(`\n[answered from the response cache: ${where}]\n`, 'info');
      this.remember(caller, request.messages, hit);
      return { ...hit, usage: { promptTokens: 0, completionTokens: 0, cost: 0 }, endpoint, cached: true };
    }

    const price = priceAt(this.prices(), target.baseUrl, target.model);
    const promptEstimate = estimatePromptTokens(request.messages, JSON.stringify(request.tools ?? []));
    const limit = this.store.settings.get<number>(llmBudgetKey(caller.projectId));
    checkBudget({
      projectId: caller.projectId,
      limit,
      spent: limit === undefined ? 0 : this.store.usage.totals({ projectId: caller.projectId }).cost,
      price,
      promptTokens: promptEstimate,
      maxTokens: request.maxTokens,
      where,
    });

    const answer = await this.send(target, apiKey, request, caller, secrets, where);
    const usage = answer.usage ?? {
      // Some servers send no usage figures when streaming: count an estimate rather than nothing.
      promptTokens: promptEstimate,
      completionTokens: estimateTokens(answer.content + answer.toolCalls.map((c) => c.arguments).join('')),
    };
    const cost = price ? costOf(price, usage.promptTokens, usage.completionTokens) : undefined;
    this.store.usage.record({
      projectId: caller.projectId,
      runId: caller.runId,
      nodeId: caller.nodeId,
      endpoint: target.baseUrl,
      model: target.model,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      cost,
    });
    if (key) this.store.llmCache.put(key, target.baseUrl, target.model, answer);
    this.remember(caller, request.messages, answer);
    return { content: answer.content, toolCalls: answer.toolCalls, finishReason: answer.finishReason, usage: { ...usage, cost }, endpoint, cached: false };
  }

  /** The request with retries; a server that refuses structured output is asked again without. */
  private async send(
    target: Target,
    apiKey: string | undefined,
    request: ChatRequest,
    caller: Caller,
    secrets: ReadonlyMap<string, string>,
    where: string,
  ): Promise<WireAnswer> {
    const attempt = (jsonSchema: ChatRequest['jsonSchema']) =>
      withRetries(
        () =>
          streamChat({
            baseUrl: target.baseUrl,
            model: target.model,
            apiKey,
            messages: request.messages,
            tools: request.tools,
            temperature: request.temperature,
            maxTokens: request.maxTokens,
            jsonSchema,
            signal: caller.signal,
            timeoutMs: this.timeoutMs,
            onText: request.logTokens === false ? undefined : (delta) => caller.log?.(delta, 'stdout'),
          }),
        classify,
        {
          policy: this.retry,
          signal: caller.signal,
          onRetry: (failure, nextTry, delay) =>
            caller.log?.(
              `\n[${redact(`${where}: ${failure.reason}`, secrets)}; try ${nextTry} of ${this.retry.attempts} in ${(delay / 1000).toFixed(1)} s]\n`,
              'info',
            ),
        },
      );
    try {
      try {
        return await attempt(request.jsonSchema);
      } catch (err) {
        if (!(err instanceof CallGaveUp && err.failure.noStructuredOutput && request.jsonSchema)) throw err;
        caller.log?.(`\n[${where} does not support structured output; asking for plain JSON]\n`, 'info');
        return await attempt(undefined);
      }
    } catch (err) {
      if (!(err instanceof CallGaveUp)) throw err;
      const tries = err.tries > 1 ? ` (gave up after ${err.tries} tries)` : '';
      throw new NodeError(redact(`${where}: ${err.failure.reason}${tries}; ${hint(err.failure)}`, secrets));
    }
  }

  private remember(caller: Caller, messages: readonly ChatMessage[], answer: Pick<ChatResponse, 'content' | 'toolCalls'>): void {
    caller.transcript?.record(messages, {
      role: 'assistant',
      content: answer.content,
      ...(answer.toolCalls.length ? { toolCalls: answer.toolCalls } : {}),
    });
  }
}
