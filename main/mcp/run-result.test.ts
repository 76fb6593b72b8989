import { describe, expect, it } from 'vitest';
import { toolResult, type RunOutcome } from './run-result';

const outcome = (over: Partial<RunOutcome>): RunOutcome => ({
  runId: 'r1',
  pipelineId: 'ship',
  pipelineName: 'Ship',
  status: 'succeeded',
  outputs: {},
  failures: [],
  durationMs: 1500,
  ...over,
});

describe("a pipeline tool's answer", () => {
  it('gives text as it is, a service as its URL and a link, a folder as its path, anything else as JSON', () => {
    const result = toolResult(
      outcome({
        outputs: {
          summary: 'all green',
          notes: 'line one\nline two',
          app: { url: 'http://127.0.0.1:8080/', name: 'shop-app', containerId: 'c0ffee' },
          code: { path: '/home/me/shop' },
          repo: { path: '/home/me/shop', branch: 'main', commit: 'abc123' },
          count: 3,
          nothing: null,
        },
      }),
    );
    expect(result.isError).toBeFalsy();
    expect(result.content).toEqual([
      { type: 'text', text: 'Run r1 of "Ship" succeeded in 1.5 s.' },
      { type: 'text', text: 'summary: all green' },
      { type: 'text', text: 'notes:\nline one\nline two' },
      { type: 'text', text: 'app: http://127.0.0.1:8080/ (service shop-app)' },
      { type: 'resource_link', uri: 'http://127.0.0.1:8080/', name: 'shop-app', description: 'The output "app" of the run' },
      { type: 'text', text: 'code: the folder /home/me/shop' },
      { type: 'text', text: `repo: ${JSON.stringify({ path: '/home/me/shop', branch: 'main', commit: 'abc123' }, null, 2)}` },
      { type: 'text', text: 'count: 3' },
      { type: 'text', text: 'nothing: null' },
    ]);
    expect(result.structuredContent).toEqual({ runId: 'r1', pipelineId: 'ship', status: 'succeeded', outputs: expect.objectContaining({ count: 3 }) });
  });

  it('says so when a run succeeds with no outputs', () => {
    expect(toolResult(outcome({})).content).toEqual([{ type: 'text', text: 'Run r1 of "Ship" succeeded in 1.5 s, with no outputs.' }]);
  });

  it('is an error naming each failing node, or the run’s error when no node failed, and where to read the logs', () => {
    const failed = toolResult(outcome({ status: 'failed', failures: [{ nodeId: 'test', kind: 'shell', error: 'exit code 1' }], error: '1 node failed: test' }));
    expect(failed.isError).toBe(true);
    expect(failed.content).toEqual([
      { type: 'text', text: 'Run r1 of "Ship" failed after 1.5 s.\nNode "test" (shell) failed: exit code 1\nRead its logs with the read_run_logs tool (runId r1).' },
    ]);
    const cancelled = toolResult(outcome({ status: 'cancelled', error: 'cancelled from the editor' }));
    expect(cancelled.isError).toBe(true);
    expect((cancelled.content[0] as { text: string }).text).toContain('cancelled after 1.5 s.\ncancelled from the editor');
  });
});
