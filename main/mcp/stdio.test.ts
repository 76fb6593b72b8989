import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.test-support';
import { recordProgress, SECRET, seedHome } from './mcp-fixtures.test-support';
import { pipelineToolName } from './tool-names';

// `pipewright mcp --project team` started from the sources as a child process, driven by the MCP
// SDK's own client over stdio; runs are real (shell nodes under real ptys, SQLite in a temp folder).

const ROOT = join(__dirname, '..', '..');
let home: string;
let client: Client;
let stderr = '';
let progressSeen: Array<{ progress: number; total?: number }>;

const text = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'pw-mcp-stdio-'));
  seedHome(home);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', join(ROOT, 'main', 'cli.ts'), 'mcp', '--project', 'team'],
    cwd: ROOT,
    env: { ...(process.env as Record<string, string>), PIPEWRIGHT_HOME: home, FORCE_COLOR: '0' },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (d) => (stderr += d));
  client = new Client({ name: 'pipewright-test', version: '1.0.0' });
  await client.connect(transport);
  progressSeen = recordProgress(transport);
}, 60_000);

afterAll(async () => {
  await client?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('pipewright mcp (stdio)', () => {
  it("lists the project's pipelines with inputs as tools, and the history tools", async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    expect(pipelineToolName('echo.v2')).toMatch(/^echo_v2_[0-9a-f]{8}$/);
    expect(names).toEqual(['broken', pipelineToolName('echo.v2'), 'greet', 'list_pipelines', 'list_runs', 'read_run_logs', 'slow'].sort());
    const greet = tools.find((t) => t.name === 'greet')!;
    expect(greet.description).toContain('Says hello to someone');
    expect(greet.inputSchema).toMatchObject({
      type: 'object',
      properties: {
        name: { type: 'string', description: expect.stringContaining('Who to greet') },
        punctuation: { type: 'string', default: '!' },
      },
      required: ['name'],
    });
    // The shell step runs unsandboxed: the assistant is told to ask first; the echo pipeline runs nothing of the kind.
    expect(greet.description).toMatch(/NEEDS CONFIRMATION[\s\S]*say\)/);
    expect(greet.description).toContain('because it has a step that runs outside a sandbox or spends money:');
    const echo = tools.find((t) => t.name.startsWith('echo_v2_'))!;
    expect(echo.description).not.toContain('NEEDS CONFIRMATION');
  });

  it('runs a pipeline, reporting progress per node, and returns its outputs', async () => {
    progressSeen.length = 0;
    // Asking for progress is what makes the client send a progress token.
    const result = (await client.callTool({ name: 'greet', arguments: { name: 'Ada' } }, undefined, {
      onprogress: () => undefined,
      timeout: 60_000,
    })) as CallToolResult;
    const progress = [...progressSeen];
    expect(result.isError).toBeFalsy();
    expect(text(result)).toContain('greeting: hello, Ada');
    expect(text(result)).toContain('punctuation: !');
    expect(result.structuredContent).toMatchObject({ status: 'succeeded', outputs: { greeting: 'hello, Ada', punctuation: '!' } });
    expect(progress.map((p) => p.progress)).toEqual([1, 2, 3, 4, 5]);
    expect(progress.every((p) => p.total === 5)).toBe(true);
  }, 60_000);

  it('answers a failing run with a tool error naming the node and its error', async () => {
    const result = (await client.callTool({ name: 'broken', arguments: { reason: 'disk full' } }, undefined, { timeout: 60_000 })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/Node "fail" \(shell\) failed/);
    expect(text(result)).toContain('it broke: disk full');
  }, 60_000);

  it('refuses bad arguments with an error naming the argument, and runs nothing', async () => {
    const before = (await client.callTool({ name: 'list_runs', arguments: {} })) as CallToolResult;
    const runsBefore = (before.structuredContent as { runs: unknown[] }).runs.length;

    const misspelt = (await client.callTool({ name: 'greet', arguments: { nmae: 'Ada' } })) as CallToolResult;
    expect(misspelt.isError).toBe(true);
    expect(text(misspelt)).toContain('"nmae"');
    const missing = (await client.callTool({ name: 'greet', arguments: {} })) as CallToolResult;
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/"name" is required/);
    const wrongType = (await client.callTool({ name: 'greet', arguments: { name: 42 } })) as CallToolResult;
    expect(wrongType.isError).toBe(true);
    expect(text(wrongType)).toMatch(/"name" takes a text value/);

    const after = (await client.callTool({ name: 'list_runs', arguments: {} })) as CallToolResult;
    expect((after.structuredContent as { runs: unknown[] }).runs).toHaveLength(runsBefore);
  }, 60_000);

  it("lists runs and reads a run's logs; pipelines of other projects stay out of reach", async () => {
    const greeted = (await client.callTool({ name: 'greet', arguments: { name: 'Grace' } }, undefined, { timeout: 60_000 })) as CallToolResult;
    const runId = (greeted.structuredContent as { runId: string }).runId;
    const runs = (await client.callTool({ name: 'list_runs', arguments: { pipelineId: 'greet' } })) as CallToolResult;
    expect((runs.structuredContent as { runs: { runId: string; status: string }[] }).runs[0]).toMatchObject({ runId, status: 'succeeded' });
    const logs = (await client.callTool({ name: 'read_run_logs', arguments: { runId } })) as CallToolResult;
    expect(text(logs)).toContain('say │ hello, Grace');

    const listed = (await client.callTool({ name: 'list_pipelines', arguments: {} })) as CallToolResult;
    const ids = (listed.structuredContent as { pipelines: { id: string }[] }).pipelines.map((p) => p.id).sort();
    expect(ids).toEqual(['broken', 'constant', 'echo.v2', 'greet', 'slow']);
    await expect(client.callTool({ name: 'elsewhere', arguments: { message: 1 } })).rejects.toThrow(/no tool named "elsewhere"/);
  }, 60_000);

  it('cancels the run when the client cancels the call', async () => {
    const abort = new AbortController();
    const call = client.callTool({ name: 'slow', arguments: { label: 'x' } }, undefined, {
      signal: abort.signal,
      // The first node has finished: the shell step is running.
      onprogress: () => abort.abort(),
      timeout: 60_000,
    });
    await expect(call).rejects.toThrow(/abort/i);
    const deadline = Date.now() + 15_000;
    let status = '';
    while (Date.now() < deadline && status !== 'cancelled') {
      const runs = (await client.callTool({ name: 'list_runs', arguments: { pipelineId: 'slow', limit: 1 } })) as CallToolResult;
      status = (runs.structuredContent as { runs: { status: string }[] }).runs[0]?.status ?? '';
      if (status !== 'cancelled') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('cancelled');
  }, 60_000);

  it('masks secret values in what a run returns and in its logs', async () => {
    const result = (await client.callTool({ name: 'greet', arguments: { name: SECRET.value } }, undefined, { timeout: 60_000 })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result)).not.toContain(SECRET.value);
    expect(text(result)).toContain(`greeting: hello, [secret ${SECRET.name}]`);
    const runId = (result.structuredContent as { runId: string }).runId;
    const logs = (await client.callTool({ name: 'read_run_logs', arguments: { runId } })) as CallToolResult;
    expect(text(logs)).toContain('hello, [secret');
    expect(JSON.stringify(logs)).not.toContain(SECRET.value);
  }, 60_000);

  it('refuses --project naming no project, saying which', async () => {
    const { code, stderr: err } = await runCli(['mcp', '--project', 'nope'], home);
    expect(code).toBe(2);
    expect(err).toMatch(/mcp --project nope: no such project .*projects: .*team/);
  }, 60_000);
});
