import { describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../nodes/sdk';
import { callServe } from './support/api';
import { chromiumPresent } from './support/browser';
import { useEditorSession } from './support/session';

// A run's Server-Sent Events followed by a browser's own EventSource, against the real
// `pipewright serve` and a real run (a command under a pty). An EventSource reconnects by
// itself whenever a stream ends, so a stream that ends must also tell it not to come back.

describe.skipIf(!chromiumPresent())("a run's events in a browser's EventSource", () => {
  const session = useEditorSession();

  it('follows the run from its start to run-finished once, then stops reconnecting', async () => {
    const [project] = (await callServe(session.serve, [{ name: 'projects.create', input: { name: 'Events' } }])) as { id: string; mainPipelineId: string }[];
    const doc: Pipeline = {
      format: FORMAT,
      id: project.mainPipelineId,
      name: 'Events',
      nodes: [
        { id: 'who', kind: 'pipeline-input', version: 1, params: { name: 'who', type: 'text' }, position: { x: 0, y: 0 } },
        { id: 'greet', kind: 'shell', version: 1, params: { command: 'sed "s/^/Hello, /"' }, position: { x: 300, y: 0 } },
      ],
      edges: [{ id: 'e1', from: { node: 'who', port: 'value' }, to: { node: 'greet', port: 'input' } }],
    };
    await callServe(session.serve, [{ name: 'pipeline.save', input: { doc, projectId: project.id } }]);
    const started = await fetch(`${session.serve.url}/api/v1/pipelines/${doc.id}/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.serve.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: { who: 'Ada' } }),
    });
    expect(started.status).toBe(201);
    const { runId } = (await started.json()) as { runId: string };

    // The page is the editor's own origin, signed in by its cookie, as a page of the app would be.
    const seen = await session.page.evaluate(async (id) => {
      const events: string[] = [];
      const source = new EventSource(`/api/v1/runs/${id}/events`);
      source.onmessage = (m) => events.push((JSON.parse(m.data as string) as { type: string }).type);
      // The stream's end is an error to an EventSource: it reconnects about 3 s later, and gives
      // up (CLOSED) only when an answer tells it to. Without that it would replay the run forever.
      const closed = await new Promise<boolean>((resolve) => {
        source.onerror = () => {
          if (source.readyState === EventSource.CLOSED) resolve(true);
        };
        setTimeout(() => resolve(false), 20_000);
      });
      // Nothing more comes afterwards.
      await new Promise((r) => setTimeout(r, 4_000));
      source.close();
      return { events, closed };
    }, runId);

    expect(seen.closed).toBe(true);
    expect(seen.events[0]).toBe('run-started');
    expect(seen.events.at(-1)).toBe('run-finished');
    expect(seen.events.filter((t) => t === 'run-started')).toHaveLength(1);
    expect(seen.events).toContain('node-log');
    expect(session.errors).toEqual([]);
  });
});
