import { readFileSync } from 'node:fs';

/*
 * Where the page's main thread spent a Chromium performance trace: self time per trace event
 * name, the same grouped the way Chromium's performance panel groups it (scripting, style and
 * layout, paint, composite), and the scripts' busiest functions from the trace's CPU samples.
 * Used by bench/canvas when PIPEWRIGHT_BENCH_TRACE names a folder.
 */

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Time the thread was on a CPU: unlike `dur`, other processes' load does not stretch it. */
  tdur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: { name?: string; data?: ProfileData };
}

interface ProfileData {
  cpuProfile?: { nodes?: { id: number; callFrame: { functionName: string; url?: string; lineNumber?: number } }[]; samples?: number[] };
  timeDeltas?: number[];
}

function load(path: string): TraceEvent[] {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(raw) ? raw : (raw.traceEvents ?? []);
}

function mainThread(events: TraceEvent[]): TraceEvent | undefined {
  return events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
}

/** Self time by event name on the renderer's main thread, in ms: wall time, and CPU time where the trace has it. */
function selfTimes(events: TraceEvent[]): Map<string, { ms: number; cpuMs: number }> {
  const main = mainThread(events);
  const self = new Map<string, { ms: number; cpuMs: number }>();
  if (!main) return self;
  const slices = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const add = (name: string, us: number, cpuUs: number) => {
    const t = self.get(name) ?? { ms: 0, cpuMs: 0 };
    t.ms += us / 1000;
    t.cpuMs += cpuUs / 1000;
    self.set(name, t);
  };
  const stack: { end: number; name: string }[] = [];
  for (const e of slices) {
    while (stack.length && stack[stack.length - 1].end <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    // A child's time belongs to the child, not to the task that ran it.
    if (parent) add(parent.name, -e.dur!, -(e.tdur ?? e.dur!));
    add(e.name, e.dur!, e.tdur ?? e.dur!);
    stack.push({ end: e.ts + e.dur!, name: e.name });
  }
  return self;
}

/** Self time (ms) by event name on the renderer's main thread, biggest first. */
export function mainThreadSelfTimes(path: string): { name: string; ms: number }[] {
  return [...selfTimes(load(path)).entries()]
    .map(([name, t]) => ({ name, ms: t.ms }))
    .filter((x) => x.ms >= 1)
    .sort((a, b) => b.ms - a.ms);
}

export type Category = 'scripting' | 'style & layout' | 'paint' | 'composite' | 'other' | 'profiler';

/** Trace event names by the group Chromium's performance panel puts them in. */
const CATEGORY: Record<string, Category> = {
  FunctionCall: 'scripting',
  EvaluateScript: 'scripting',
  EventDispatch: 'scripting',
  TimerFire: 'scripting',
  FireAnimationFrame: 'scripting',
  RunMicrotasks: 'scripting',
  'V8.Execute': 'scripting',
  // The sampling profiler's own interruptions: the trace's cost, not the page's.
  'V8.InvokeApiInterruptCallbacks': 'profiler',
  'v8.compile': 'scripting',
  'v8.compileModule': 'scripting',
  'v8.evaluateModule': 'scripting',
  'V8.GC_SCAVENGER': 'scripting',
  MinorGC: 'scripting',
  MajorGC: 'scripting',
  ParseHTML: 'scripting',
  ResizeObserverCallback: 'scripting',
  UpdateLayoutTree: 'style & layout',
  RecalculateStyles: 'style & layout',
  Layout: 'style & layout',
  HitTest: 'style & layout',
  'IntersectionObserverController::computeIntersections': 'style & layout',
  PrePaint: 'paint',
  Paint: 'paint',
  PaintImage: 'paint',
  'Decode Image': 'paint',
  Layerize: 'composite',
  Commit: 'composite',
  UpdateLayer: 'composite',
  CompositeLayers: 'composite',
};

/**
 * Main-thread time by group, in ms per frame the page painted. CPU time, where the trace has it,
 * is what other work on a shared machine leaves alone; wall time is stretched by it.
 */
export function mainThreadByCategory(path: string, frames: number): { category: Category; msPerFrame: number; cpuMsPerFrame: number }[] {
  const totals = new Map<Category, { ms: number; cpuMs: number }>();
  for (const [name, t] of selfTimes(load(path))) {
    const category = CATEGORY[name] ?? 'other';
    const sum = totals.get(category) ?? { ms: 0, cpuMs: 0 };
    sum.ms += t.ms;
    sum.cpuMs += t.cpuMs;
    totals.set(category, sum);
  }
  const order: Category[] = ['scripting', 'style & layout', 'paint', 'composite', 'other', 'profiler'];
  return order.map((category) => ({
    category,
    msPerFrame: (totals.get(category)?.ms ?? 0) / Math.max(frames, 1),
    cpuMsPerFrame: (totals.get(category)?.cpuMs ?? 0) / Math.max(frames, 1),
  }));
}

/** The page's scripts by sampled self time (ms), biggest first: what the "scripting" group ran. */
export function busiestFunctions(path: string): { name: string; ms: number }[] {
  const events = load(path);
  const main = mainThread(events);
  const names = new Map<string, string>();
  const self = new Map<string, number>();
  for (const e of events) {
    if ((e.name !== 'Profile' && e.name !== 'ProfileChunk') || (main && e.pid !== main.pid)) continue;
    const data = e.args?.data;
    for (const n of data?.cpuProfile?.nodes ?? []) {
      const file = n.callFrame.url?.split('/').pop()?.replace(/-[\w-]{8}\.js$/, '.js');
      names.set(`${e.id}:${n.id}`, `${n.callFrame.functionName || '(anonymous)'}${file ? ` ${file}:${(n.callFrame.lineNumber ?? 0) + 1}` : ''}`);
    }
    const samples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    samples.forEach((node, i) => {
      const name = names.get(`${e.id}:${node}`) ?? '(unknown)';
      self.set(name, (self.get(name) ?? 0) + Math.max(deltas[i] ?? 0, 0) / 1000);
    });
  }
  return [...self.entries()]
    .map(([name, ms]) => ({ name, ms }))
    // The profiler's own entries: time outside scripts, and the thread waiting.
    .filter((x) => x.ms >= 1 && !/^\((program|idle|root)\)$/.test(x.name))
    .sort((a, b) => b.ms - a.ms);
}
