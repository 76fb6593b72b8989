import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpLaunch } from '../../nodes/sdk';
import { readYaml } from '../../nodes/sdk/node/yaml-reader.test-support';
import { assistantFiles, KILO_MCP_FILE } from '../../nodes/vscode-workspace/runtime/assistant-files';
import { hostCapabilities } from '../capabilities';
import { Store } from '../store';
import { seedHome } from './mcp-fixtures.test-support';

// What the vscode-workspace node writes into the assistant's configuration, taken from the real
// host capability, started exactly as written (the SDK's stdio client gives it only a minimal
// environment plus the entry's env, like an assistant does) from a folder outside the repository.

let home: string;
let elsewhere: string;
let launch: McpLaunch;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'pw-mcp-ws-'));
  elsewhere = mkdtempSync(join(tmpdir(), 'pw-mcp-cwd-'));
  seedHome(home);
  const store = Store.open(home);
  try {
    const scope = { runId: 'r1', projectId: 'team', nodeId: 'vscode', signal: new AbortController().signal, log: () => undefined };
    launch = hostCapabilities({ home, store })(scope).pipewright!.mcpServer();
  } finally {
    store.close();
  }
});

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

async function toolsOf(server: { command: string; args: string[]; env: Record<string, string> }): Promise<string[]> {
  const client = new Client({ name: 'assistant-stand-in', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: server.command, args: server.args, env: server.env, cwd: elsewhere, stderr: 'ignore' }));
  try {
    return (await client.listTools()).tools.map((t) => t.name);
  } finally {
    await client.close();
  }
}

describe("the workspace's assistant reaches the project's pipelines", () => {
  it('through the server Continue is given', async () => {
    const config = assistantFiles({ assistant: 'continue', homeInServer: '/h', mcp: launch }).find((f) => f.path === '.continue/config.yaml')!;
    const [server] = (readYaml(config.content) as { mcpServers: { name: string; command: string; args: string[]; env: Record<string, string> }[] }).mcpServers;
    expect(server).toMatchObject({ name: 'pipewright', env: { PIPEWRIGHT_HOME: home } });
    expect(server.args.slice(-3)).toEqual(['mcp', '--project', 'team']);
    const tools = await toolsOf(server);
    expect(tools).toEqual(expect.arrayContaining(['greet', 'broken', 'list_runs']));
    // Scoped to the project: another project's pipeline is not offered.
    expect(tools).not.toContain('elsewhere');
  }, 60_000);

  it('through the server Kilo Code is given', async () => {
    const settings = assistantFiles({ assistant: 'kilo-code', homeInServer: '/h', mcp: launch }).find((f) => f.path === KILO_MCP_FILE)!;
    const server = JSON.parse(settings.content).mcpServers.pipewright;
    expect(await toolsOf(server)).toEqual(expect.arrayContaining(['greet', 'slow']));
  }, 60_000);
});
