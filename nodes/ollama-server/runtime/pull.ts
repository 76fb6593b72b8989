import { NodeError, type RunContext } from '../../sdk';

/** One line of /api/pull's stream. */
export interface PullEvent {
  status?: string;
  digest?: string;
  total?: number;
  completed?: number;
  error?: string;
}

/** Ollama's own spelling of a name: `qwen2.5-coder` is `qwen2.5-coder:latest`. */
export function fullName(model: string): string {
  return (model.split('/').pop() ?? model).includes(':') ? model : `${model}:latest`;
}

function size(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(0)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}

/**
 * Turns the pull's events into log lines a person can follow: each status once, and each
 * layer's download at every tenth of the way (a multi-GB layer sends thousands of events).
 */
export function pullProgress(log: (line: string) => void, progress?: (bytes: { done: number; total: number }) => void): (event: PullEvent) => void {
  const tenths = new Map<string, number>();
  const layers = new Map<string, { done: number; total: number }>();
  let lastStatus: string | undefined;
  return (event) => {
    if (event.digest && event.total) {
      if (progress) {
        layers.set(event.digest, { done: event.completed ?? 0, total: event.total });
        let done = 0;
        let total = 0;
        for (const l of layers.values()) {
          done += l.done;
          total += l.total;
        }
        progress({ done, total });
      }
      const done = Math.min(10, Math.floor(((event.completed ?? 0) / event.total) * 10));
      if ((tenths.get(event.digest) ?? -1) >= done) return;
      tenths.set(event.digest, done);
      log(`pulling ${event.digest.replace(/^sha256:/, '').slice(0, 12)}: ${done * 10}% of ${size(event.total)}\n`);
      return;
    }
    if (event.status && event.status !== lastStatus) log(`${event.status}\n`);
    lastStatus = event.status;
  };
}

/** Whether Ollama has the model already (a pull would still ask the registry). */
export async function hasModel(url: string, model: string, signal: AbortSignal): Promise<boolean> {
  const res = await fetch(`${url}/api/tags`, { signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]) });
  if (!res.ok) return false;
  const { models = [] } = (await res.json()) as { models?: { name?: string; model?: string }[] };
  const wanted = fullName(model);
  return models.some((m) => m.name === wanted || m.model === wanted);
}

function refused(model: string, why: string): NodeError {
  return new NodeError(
    `param "model": Ollama could not pull "${model}": ${why}`,
    'Check the name (and tag) on https://ollama.com/library, and that this machine reaches registry.ollama.ai.',
  );
}

/** POST /api/pull, streaming its progress into the node's log until Ollama says success. */
export async function pullModel(ctx: RunContext, url: string, model: string): Promise<void> {
  const res = await fetch(`${url}/api/pull`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream: true }),
    signal: ctx.signal,
  });
  if (!res.ok || !res.body) {
    const text = await res.text().catch(() => '');
    let why = `HTTP ${res.status}`;
    try {
      why = (JSON.parse(text) as { error?: string }).error ?? why;
    } catch {
      if (text.trim()) why = `${why}: ${text.trim().slice(0, 300)}`;
    }
    throw refused(model, why);
  }
  const report = pullProgress(
    (line) => ctx.log(line, 'stdout'),
    ({ done, total }) => ctx.progress?.({ done, total, label: `downloading ${model}: ${size(done)} of ${size(total)}` }),
  );
  const decoder = new TextDecoder();
  let pending = '';
  let succeeded = false;
  let last = 'nothing';
  const take = (line: string) => {
    if (!line.trim()) return;
    const event = JSON.parse(line) as PullEvent;
    if (event.error) throw refused(model, event.error);
    if (event.status) last = event.status;
    if (event.status === 'success') succeeded = true;
    report(event);
  };
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    pending += decoder.decode(value, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    lines.forEach(take);
  }
  take(pending);
  if (!succeeded) throw new NodeError(`Ollama's pull of "${model}" ended before it said success (last: ${last}); run the node again to resume it`);
}
