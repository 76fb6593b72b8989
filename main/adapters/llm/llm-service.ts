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
import type { SecretMatcher } from '../../store/secret-matcher';
import { StreamRedactor } from '../../store/secret-matcher';
import { BudgetReached, BudgetStop, SpendMeter, estimatePromptTokens, estimateTokens, type BudgetScope } from './budget';
import { BudgetLedger } from './budget-ledger';
import { classify, listModels, streamChat, type CallFailure, type WireAnswer, type WireChat } from './openai-client';
import { BUNDLED_PRICES, priceAt, type ModelPrice, type PriceTable } from './prices';
import { requestKey } from './request-key';
import { EndpointsSetting, RouterSetting, isBuiltin, readSetting, resolveRoute } from './router';
import { CallGaveUp, DEFAULT_RETRY, withRetries, type RetryPolicy } from './retry';
import { TranscriptRecorder } from './transcript-recorder';

/** The built-in local model (main/adapters/local-llm) as the service uses it. */
export interface BuiltinChat {
  /** What the endpoint `builtin` stands for now: its default model; undefined when none is installed. */
  endpoint(): EndpointValue | undefined;
  /** The installed models' names. */
  models(): string[];
  /** Answers like streamChat does, with the installed model `req.model`. */
  streamChat(req: WireChat): Promise<WireAnswer>;
}

export interface LlmServiceOptions {
  store: Store;
  /** Without it, the endpoint `builtin` is refused as not installed. */
  builtin?: BuiltinChat;
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

/**
 * Replaces each secret value in `text`, so no message built from a server's words carries one:
 * every value in the store, and the call's own key even when it is too short for the matcher.
 */
function redact(text: string, matcher: SecretMatcher, secrets: ReadonlyMap<string, string>): string {
  let out = matcher.redact(text);
  for (const [name, value] of secrets) if (value) out = out.split(value).join(`[secret ${name}]`);
  return out;
}

function hint(failure: CallFailure): string {
  if (failure.status === 401 || failure.status === 403) return 'check the API key secret the endpoint names (pipewright secret set NAME)';
  if (failure.status === 404) return 'check the base URL (it usually ends in /v1) and the model name (pipewright endpoint test)';
  if (failure.status === 429) return 'the provider is limiting requests: wait and run again, or raise your limits with it';
  if (failure.dropped) return 'the server, or a proxy in between, closed the connection mid-answer: check its logs (out of memory, a timeout) and run again';
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
  private readonly builtin: BuiltinChat | undefined;
  private readonly ledger = new BudgetLedger();

  constructor(options: LlmServiceOptions) {
    this.store = options.store;
    this.builtin = options.builtin;
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
    if (isBuiltin(endpoint)) return this.builtin?.models() ?? [];
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
        redact(`${endpoint.baseUrl}: listing the models failed: ${err.failure.reason}; ${hint(err.failure)}`, this.store.secrets.matcher(), secrets),
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
    return resolveRoute(this.endpoints(), router, request.route.task, request.route.complexity ?? 'medium', this.builtin?.endpoint());
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
    // Redacted again on the way out: answers cached before redaction existed may hold a value.
    const hit = key ? this.store.secrets.matcher().redactDeep(this.store.llmCache.get(key)) : undefined;
    if (hit) {
      if (logTokens && hit.content) caller.log?.(hit.content, 'stdout');
      caller.log?.(`\n[answered from the response cache: ${where}]\n`, 'info');
      this.remember(caller, request.messages, hit);
      return { ...hit, usage: { promptTokens: 0, completionTokens: 0, cost: 0 }, endpoint, cached: true };
    }

    const limit = this.store.settings.get<number>(llmBudgetKey(caller.projectId));
    const spentBefore = () => (limit === undefined ? 0 : this.store.usage.totals({ projectId: caller.projectId }).cost);
    const budget: BudgetScope = {
      projectId: caller.projectId,
      limit,
      spent: spentBefore(),
      price: isBuiltin(target) ? { input: 0, output: 0 } : priceAt(this.prices(), target.baseUrl, target.model),
      promptTokens: estimatePromptTokens(request.messages, JSON.stringify(request.tools ?? [])),
      maxTokens: request.maxTokens,
      where,
      others: (): number => inFlight?.others() ?? 0,
    };
    const meter = new SpendMeter(budget);
    // Calls of the project running at once share its budget: each counts what the others spend.
    const inFlight = limit === undefined ? undefined : this.ledger.join(caller.projectId, meter);
    try {
      return await this.metered(target, apiKey, request, caller, secrets, where, key, budget, meter, (cost) => inFlight?.leave(cost));
    } finally {
      inFlight?.leave(0);
    }
  }

  /** The call sent and counted: what it spent recorded (and handed to `settle`), its answer cached. */
  private async metered(
    target: Target,
    apiKey: string | undefined,
    request: ChatRequest,
    caller: Caller,
    secrets: Map<string, string>,
    where: string,
    key: string | undefined,
    budget: BudgetScope,
    meter: SpendMeter,
    settle: (cost: number) => void,
  ): Promise<ChatResponse> {
    const endpoint = { baseUrl: target.baseUrl, model: target.model };
    // What the project has spent: recorded, and what its other calls in flight have spent so far.
    const spentBefore = () =>
      budget.limit === undefined ? 0 : this.store.usage.totals({ projectId: caller.projectId }).cost + (budget.others?.() ?? 0);
    const record = (usage: { promptTokens: number; completionTokens: number }) => {
      const cost = meter.costOf(usage);
      this.store.usage.record({
        projectId: caller.projectId,
        runId: caller.runId,
        nodeId: caller.nodeId,
        endpoint: target.baseUrl,
        model: target.model,
        ...usage,
        cost,
      });
      settle(cost ?? 0);
      return cost;
    };

    let answer: WireAnswer;
    try {
      answer = await this.send(target, apiKey, request, caller, secrets, where, meter);
    } catch (err) {
      // What the tries streamed before they failed or were stopped was billed all the same.
      const used = meter.usage();
      if (used.promptTokens + used.completionTokens > 0) record(used);
      if (meter.reached && !(err instanceof BudgetReached)) throw new BudgetReached(budget, spentBefore(), 'the answer was stopped');
      throw err;
    }
    const usage = meter.usage(
      answer.usage ?? {
        // Some servers send no usage figures when streaming: count an estimate rather than nothing.
        promptTokens: budget.promptTokens,
        completionTokens: estimateTokens(answer.content + answer.toolCalls.map((c) => c.arguments).join('')),
      },
    );
    const cost = record(usage);
    if (meter.cutByBudget(answer.finishReason)) {
      throw new BudgetReached(budget, spentBefore(), 'the answer was cut at the length the budget allows');
    }
    // An endpoint that echoes a key (or any secret it was sent) does not get it into the node's
    // outputs, the response cache or the transcript.
    const matcher = this.store.secrets.matcher();
    const clean = { content: matcher.redact(answer.content), toolCalls: matcher.redactDeep(answer.toolCalls), finishReason: answer.finishReason };
    if (key) this.store.llmCache.put(key, target.baseUrl, target.model, clean);
    this.remember(caller, request.messages, clean);
    return { ...clean, usage: { ...usage, cost }, endpoint, cached: false };
  }

  /**
   * The request with retries, kept within the budget by `meter`; a server that refuses
   * structured output is asked again without. The streamed text is logged with secrets redacted.
   */
  private async send(
    target: Target,
    apiKey: string | undefined,
    request: ChatRequest,
    caller: Caller,
    secrets: ReadonlyMap<string, string>,
    where: string,
    meter: SpendMeter,
  ): Promise<WireAnswer> {
    let first = true;
    /** A refusal by the budget before a try: final, not a failure of the endpoint. */
    let refused: unknown;
    /** The last try whose answer broke off, which says more than the failures after it. */
    let dropped: CallFailure | undefined;
    const matcher = () => this.store.secrets.matcher();
    const tryOnce = async (jsonSchema: ChatRequest['jsonSchema']): Promise<WireAnswer> => {
      let maxTokens: number | undefined;
      try {
        maxTokens = meter.beginTry(first);
      } catch (err) {
        refused = err;
        throw err;
      }
      first = false;
      const shown = new StreamRedactor(matcher);
      try {
        return await this.chatFor(target)({
          baseUrl: target.baseUrl,
          model: target.model,
          apiKey,
          messages: request.messages,
          tools: request.tools,
          temperature: request.temperature,
          maxTokens,
          jsonSchema,
          signal: caller.signal,
          timeoutMs: this.timeoutMs,
          onText:
            request.logTokens === false
              ? undefined
              : (delta) => {
                  const text = shown.push(delta);
                  if (text) caller.log?.(text, 'stdout');
                },
          onOutput: (delta) => meter.add(delta),
        });
      } catch (err) {
        meter.tryFailed();
        throw err;
      } finally {
        const rest = shown.flush();
        if (rest) caller.log?.(rest, 'stdout');
      }
    };
    const attempt = (jsonSchema: ChatRequest['jsonSchema']) =>
      withRetries(() => tryOnce(jsonSchema), classify, {
        policy: this.retry,
        signal: caller.signal,
        onRetry: (failure, nextTry, delay) => {
          if (failure.dropped) dropped = failure;
          caller.log?.(
            `\n[${redact(`${where}: ${failure.reason}`, matcher(), secrets)}; try ${nextTry} of ${this.retry.attempts} in ${(delay / 1000).toFixed(1)} s]\n`,
            'info',
          );
        },
      });
    try {
      try {
        return await attempt(request.jsonSchema);
      } catch (err) {
        if (!(err instanceof CallGaveUp && err.failure.noStructuredOutput && request.jsonSchema) || refused) throw err;
        caller.log?.(`\n[${where} does not support structured output; asking for plain JSON]\n`, 'info');
        return await attempt(undefined);
      }
    } catch (err) {
      if (refused) throw refused;
      if (err instanceof BudgetStop || (err instanceof CallGaveUp && meter.reached)) throw err;
      if (!(err instanceof CallGaveUp)) throw err;
      const last = err.failure;
      // A stream cut mid-answer, then a server that no longer answers, is a dropped stream.
      const reason = !last.dropped && dropped ? `${dropped.reason}; then ${last.reason}` : last.reason;
      const tries = err.tries > 1 ? ` (gave up after ${err.tries} tries)` : '';
      // The built-in model's errors say themselves what to do: there is no server to check.
      const fix = isBuiltin(target) ? '' : `; ${hint(last.dropped ? last : (dropped ?? last))}`;
      throw new NodeError(redact(`${where}: ${reason}${tries}${fix}`, matcher(), secrets));
    }
  }

  /** The wire call for an endpoint: a server's chat completions, or the built-in model. */
  private chatFor(target: Target): (req: WireChat) => Promise<WireAnswer> {
    if (!isBuiltin(target)) return streamChat;
    const builtin = this.builtin;
    if (!builtin) {
      throw new NodeError('the built-in model is not available in this process; use another endpoint');
    }
    return (req) => builtin.streamChat(req);
  }

  private remember(caller: Caller, messages: readonly ChatMessage[], answer: Pick<ChatResponse, 'content' | 'toolCalls'>): void {
    // What a node sent may hold a secret too (a tool that read a .env file): the transcript keeps none.
    caller.transcript?.record(this.store.secrets.matcher().redactDeep(messages), {
      role: 'assistant',
      content: answer.content,
      ...(answer.toolCalls.length ? { toolCalls: answer.toolCalls } : {}),
    });
  }
}
