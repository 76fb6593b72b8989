import type { Capabilities } from '../../../nodes/sdk';
import { createTestRunContext, type TestRunContext } from '../../../nodes/test-context.test-support';
import { scopedSecrets } from '../../scoped-secrets';
import type { Store } from '../../store';
import { tempStore } from '../../store/store.test-support';
import { createPty } from '../pty/pty';
import { LlmService } from './llm-service';

export interface LlmTestContext extends TestRunContext {
  store: Store;
  logText(): string;
}

/**
 * A RunContext for a node runtime test with the real LLM service behind ctx.llm and real
 * secrets behind ctx.secrets, both on a temporary SQLite store; retries wait milliseconds.
 */
export async function llmTestContext(options: { nodeId?: string; store?: Store } = {}): Promise<LlmTestContext> {
  const store = options.store ?? tempStore();
  const capabilities: Partial<Capabilities> = {};
  const t = await createTestRunContext({ pty: createPty(), nodeId: options.nodeId, capabilities });
  const service = new LlmService({ store, retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
  capabilities.llm = service.forScope(t.ctx);
  capabilities.secrets = scopedSecrets(store.secrets, t.ctx);
  return { ...t, store, logText: () => t.logs.map((l) => l.chunk).join('') };
}
