import { readFileSync } from 'node:fs';

/*
 * Where the page's main thread spent a Chromium performance trace: self time per trace event
 * name, so a slow pan says whether it was script, style, layout, paint or raster. Used by
 * bench/canvas when PIPEWRIGHT_BENCH_TRACE names a folder.
 */

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** Self time (ms) by event name on the renderer's main thread, biggest first. */
export function mainThreadSelfTimes(path: string): { name: string; ms: number }[] {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(raw) ? raw : (raw.traceEvents ?? []);
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  const slices = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const stack: { end: number; name: string }[] = [];
  for (const e of slices) {
    while (stack.length && stack[stack.length - 1].end <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    // A child's time belongs to the child, not to the task that ran it.
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur!);
    self.set(e.name, (self.get(e.name) ?? 0) + e.dur!);
    stack.push({ end: e.ts + e.dur!, name: e.name });
  }
  return [...self.entries()]
    .map(([name, us]) => ({ name, ms: us / 1000 }))
    .filter((x) => x.ms >= 1)
    .sort((a, b) => b.ms - a.ms);
}
