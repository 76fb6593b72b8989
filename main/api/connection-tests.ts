import type { ConnectionTest, EndpointSetting } from '../../preload/contract';
import { DockerClient } from '../adapters/docker';
import { LlmService } from '../adapters/llm/llm-service';
import type { Host } from '../host';
import { dockerHost } from '../settings-keys';

/** A Test button waits this long at most: a person is looking at it. */
const TEST_TIMEOUT_MS = 10_000;

/** The same error, said for a person at a Test button rather than for the CLI's log. */
function plain(message: string): string {
  return message.replace(': listing the models failed: ', ' did not answer: ').replace(/ \(pipewright endpoint test\)/g, '');
}

/**
 * Asks an endpoint for its models, as a node's first call would (its key read from the secrets
 * store): how long it took and whether it serves the endpoint's model, or why it did not answer.
 */
export async function testEndpoint(host: Host, endpoint: EndpointSetting): Promise<ConnectionTest> {
  const llm = new LlmService({ store: host.store, builtin: host.builtin, retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 }, timeoutMs: TEST_TIMEOUT_MS });
  const started = performance.now();
  let models: string[];
  try {
    models = await llm.models(endpoint, AbortSignal.timeout(TEST_TIMEOUT_MS));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, reason: err instanceof Error && err.name === 'TimeoutError' ? `${endpoint.baseUrl} did not answer in ${TEST_TIMEOUT_MS / 1000} s` : plain(message) };
  }
  const latencyMs = Math.round(performance.now() - started);
  const count = `${models.length} model${models.length === 1 ? '' : 's'}`;
  if (!endpoint.model || models.includes(endpoint.model)) {
    return { ok: true, latencyMs, summary: endpoint.model ? `answers in ${latencyMs} ms and serves ${endpoint.model} (${count})` : `answers in ${latencyMs} ms (${count})` };
  }
  const shown = models.slice(0, 10).join(', ') + (models.length > 10 ? ', …' : '');
  return { ok: false, latencyMs, reason: `answers in ${latencyMs} ms but does not serve the model ${endpoint.model}; it serves: ${shown || 'none'}` };
}

/** The engine nodes run on when nothing names another: docker.host, else DOCKER_HOST, else the local socket. */
export async function testDefaultEngine(host: Host): Promise<ConnectionTest> {
  const started = performance.now();
  const result = await DockerClient.test({ host: dockerHost(host.store.settings) });
  const latencyMs = Math.round(performance.now() - started);
  return result.ok ? { ok: true, latencyMs, summary: result.summary } : { ok: false, reason: result.reason };
}
