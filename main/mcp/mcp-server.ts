import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import pkg from '../../package.json';
import type { Host } from '../host';
import { callPipeline } from './call-pipeline';
import { callHistoryTool, HISTORY_TOOLS } from './history-tools';
import { pipelineTools, type ToolScope } from './pipeline-tools';
import { directStarter, type RunStarter } from './run-starter';

const INSTRUCTIONS =
  'Each pipeline tool runs a saved Pipewright pipeline on this machine and answers when the run ends, with its outputs. ' +
  'A tool whose description says NEEDS CONFIRMATION runs steps outside a sandbox or spends money: ask the user first. ' +
  'list_pipelines, list_runs and read_run_logs read what is saved.';

/**
 * Pipewright as an MCP server over one data folder: a protocol server per connection (stdio has
 * one; the HTTP endpoint makes one per request), all sharing the runs they started so that
 * closing waits for every run to stop.
 */
export class PipewrightMcp {
  private readonly running = new Set<Promise<unknown>>();
  private readonly servers = new Set<Server>();

  constructor(
    private readonly host: Host,
    private readonly scope: ToolScope = {},
    private readonly start: RunStarter = directStarter(host),
  ) {}

  /**
   * A protocol server for one connection. The low-level Server, not McpServer: the tools are
   * read from the store at each listing, with JSON Schemas made from the pipelines' declared
   * inputs, which McpServer's tools registered once with zod shapes cannot follow.
   */
  newServer(): Server {
    const server = new Server(
      { name: 'pipewright', title: 'Pipewright', version: pkg.version },
      { capabilities: { tools: {} }, instructions: INSTRUCTIONS },
    );
    const tools = () => pipelineTools(this.host, this.scope);
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...HISTORY_TOOLS, ...tools().map((t) => t.tool)] }));
    server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
      const { name, arguments: args } = request.params;
      const fixed = callHistoryTool(this.host, this.scope, tools, name, args);
      if (fixed) return fixed;
      const entry = tools().find((t) => t.tool.name === name);
      if (!entry) {
        throw new McpError(ErrorCode.InvalidParams, `no tool named "${name}": list the tools again, the pipeline may have been deleted or renamed`);
      }
      return callPipeline(entry, args, {
        signal: extra.signal,
        progressToken: request.params._meta?.progressToken,
        sendNotification: extra.sendNotification,
        running: this.running,
        start: this.start,
      });
    });
    this.servers.add(server);
    server.onclose = () => this.servers.delete(server);
    return server;
  }

  /** Closes every connection, which cancels the runs they started, and waits for those runs to end. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.servers].map((s) => s.close()));
    await Promise.allSettled([...this.running]);
  }
}
