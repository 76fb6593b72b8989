import { describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../nodes/sdk';
import { callServe } from './support/api';
import { chromiumPresent } from './support/browser';
import { eventually, status } from './support/editor';
import { useEditorSession } from './support/session';

// Runs started over the HTTP API, seen from a browser against the real `pipewright serve` and
// real runs (commands under ptys): live in the open editor, and through a browser's own
// EventSource, which reconnects by itself whenever a stream ends, so a stream that ends must
// also tell it not to come back.

describe.skipIf(!chromiumPresent())('runs started over the HTTP API, in a browser', () => {
  const session = useEditorSession();

  it('shows a run started over HTTP live in the open editor', async () => {
    const page = session.page;
    const [project] = (await callServe(session.serve, [{ name: 'projects.create', input: { name: 'Called' } }])) as { id: string; mainPipelineId: string }[];
    const doc: Pipeline = {
      format: FORMAT,
      id: project.mainPipelineId,
      name: 'Called',
      nodes: [
        { id: 'who', kind: 'pipeline-input', version: 1, params: { name: 'who', type: 'text' }, position: { x: 0, y: 0 } },
        { id: 'greet', kind: 'shell', version: 1, params: { command: 'sleep 1; sed "s/^/Hello, /"' }, position: { x: 300, y: 0 } },
      ],
      edges: [{ id: 'e1', from: { node: 'who', port: 'value' }, to: { node: 'greet', port: 'input' } }],
    };
    await callServe(session.serve, [{ name: 'pipeline.save', input: { doc, projectId: project.id } }]);
    await page.goto(`${page.url().replace(/#.*$/, '')}#/project/${encodeURIComponent(project.id)}`);
    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(2));

    const started = await fetch(`${session.serve.url}/api/v1/pipelines/${doc.id}/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.serve.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: { who: 'Grace' } }),
    });
    expect(started.status).toBe(201);
    // The editor follows it as one of its own: the node runs, then the run succeeds, in the history.
    await eventually(async () => expect(await status(page, 'greet')).toBe('running'), 20_000);
    await eventually(async () => expect(await page.getByTestId('run-status').getAttribute('data-status')).toBe('succeeded'), 30_000);
    await eventually(async () => expect(await page.getByRole('tab', { name: /Runs/ }).textContent()).toBe('Runs1'));
    expect(await status(page, 'greet')).toBe('succeeded');
    expect(session.errors).toEqual([]);
  });

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
