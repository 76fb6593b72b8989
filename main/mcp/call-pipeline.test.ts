import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import { openHost, type Host } from '../host';
import { docEdge as edge, docNode as node } from '../store/store.test-support';
import { callPipeline } from './call-pipeline';
import { pipelineTools } from './pipeline-tools';
import { directStarter } from './run-starter';

// A pipeline tool called over a real host (SQLite in a temporary folder) with a real run: the
// shell step runs under a real pty and reports its own progress as a long step would.

let home: string;
let host: Host;

/** One long step that says how far it got, four times, a little under a second apart. */
const steps: Pipeline = {
  format: FORMAT,
  id: 'steps',
  name: 'Steps',
  nodes: [
    node('label', 'pipeline-input', { name: 'label', type: 'text' }),
    node('work', 'shell', { command: 'for i in 1 2 3 4; do echo "::progress $i/5 step $i"; sleep 0.8; done' }, 200),
  ],
  edges: [edge('e1', 'label', 'value', 'work', 'input')],
};

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'pw-mcp-call-'));
  host = openHost({ home });
  host.store.pipelines.save(steps, 'team');
});

afterAll(() => {
  host?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('a pipeline tool call', () => {
  it('sends the progress a long step reports between node ends, always increasing', async () => {
    const [entry] = pipelineTools(host, {});
    const seen: { progress: number; total?: number; message?: string }[] = [];
    const result = await callPipeline(entry, { label: 'x' }, {
      signal: new AbortController().signal,
      progressToken: 'p1',
      sendNotification: async (n: ServerNotification) => {
        if (n.method === 'notifications/progress') seen.push(n.params as (typeof seen)[number]);
      },
      running: new Set(),
      start: directStarter(host),
    });
    expect(result.isError).toBeFalsy();
    const values = seen.map((p) => p.progress);
    expect(values[0]).toBe(1);
    expect(values.at(-1)).toBe(2);
    expect(seen.at(-1)?.total).toBe(2);
    // Within the shell step: fractions of it, with its own words.
    const within = seen.filter((p) => p.progress > 1 && p.progress < 2);
    expect(within.length).toBeGreaterThanOrEqual(2);
    expect(within[0].message).toMatch(/^work: step \d \(\d\/5\)$/);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
  }, 30_000);
});
