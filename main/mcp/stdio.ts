import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Host } from '../host';
import { PipewrightMcp } from './mcp-server';
import type { ToolScope } from './pipeline-tools';

/**
 * Serves MCP over this process's standard input and output until the client closes its end
 * (or `stop` resolves), then cancels the runs still going and waits for them.
 */
export async function serveStdio(host: Host, scope: ToolScope, stop: Promise<void>): Promise<void> {
  const mcp = new PipewrightMcp(host, scope);
  const server = mcp.newServer();
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    const forget = server.onclose;
    server.onclose = () => {
      forget?.();
      resolve();
    };
    // The transport notices neither the end of stdin nor its errors by itself.
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
  });
  await server.connect(transport);
  await Promise.race([closed, stop]);
  await mcp.close();
}
