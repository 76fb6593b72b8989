import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeError, type Capabilities, type LogStream, type NodeProgress, type PtyApi, type RunContext } from './sdk';

/** What a test hands a runtime, and what it reads back afterwards. */
export interface TestRunContext {
  ctx: RunContext;
  /** Every ctx.log call, in order. */
  logs: { chunk: string; stream: LogStream }[];
  /** Every ctx.progress report, in order. */
  progress: NodeProgress[];
  /** Aborts ctx.signal, as cancelling the run would. */
  controller: AbortController;
  /** The temporary folder under which ctx.workspace() makes its folders. */
  root: string;
  /** Removes the temporary folder. */
  dispose(): Promise<void>;
}

function unavailable(what = 'not available in this test'): never {
  throw new Error(what);
}

/**
 * A RunContext for testing one runtime on its own: real temporary folders, the adapters the
 * test passes in (the pty comes from main, which nodes may not import), and no engine behind
 * it, so sub-pipelines are unavailable.
 */
export async function createTestRunContext(options: {
  pty: PtyApi;
  nodeId?: string;
  /** Real adapters (docker, git, llm, secrets, services) the runtime under test needs. */
  capabilities?: Partial<Capabilities>;
}): Promise<TestRunContext> {
  const root = realpathSync(await mkdtemp(join(tmpdir(), 'pipewright-node-test-')));
  const nodeId = options.nodeId ?? 'node-under-test';
  const logs: TestRunContext['logs'] = [];
  const progress: NodeProgress[] = [];
  const controller = new AbortController();
  const caps = options.capabilities ?? {};
  const capability = <K extends keyof Capabilities>(name: K): Capabilities[K] =>
    caps[name] ?? unavailable(`${name} is not available in this test`);
  const ctx: RunContext = {
    get docker() {
      return capability('docker');
    },
    get git() {
      return capability('git');
    },
    get llm() {
      return capability('llm');
    },
    get secrets() {
      return capability('secrets');
    },
    get services() {
      return capability('services');
    },
    get pipewright() {
      // As the engine says of a capability its host lacks: a NodeError a runtime may handle.
      if (!caps.pipewright) throw new NodeError('pipewright is not available in this test');
      return caps.pipewright;
    },
    runId: 'test-run',
    projectId: 'test-project',
    nodeId,
    log: (chunk, stream = 'stdout') => logs.push({ chunk, stream }),
    progress: (p) => progress.push(p),
    signal: controller.signal,
    async workspace(name, options) {
      const folder = join(root, name ? `${nodeId}-${name}` : nodeId);
      if (!options?.keep) await rm(folder, { recursive: true, force: true });
      await mkdir(folder, { recursive: true });
      return folder;
    },
    pty: options.pty,
    pipelineInputs: {},
    loadPipeline: () => unavailable(),
    runSubpipeline: async () => unavailable(),
  };
  return {
    ctx,
    logs,
    progress,
    controller,
    root,
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

/**
 * Whether a process still runs, for asserting that a cancelled command left nothing behind.
 * A zombie has exited and only waits for its parent to collect it, so it counts as gone.
 */
export function isProcessRunning(pid: number): boolean {
  if (process.platform === 'linux') {
    try {
      return !/^\d+ \(.*\) [ZX] /s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
