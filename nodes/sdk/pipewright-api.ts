/** A command line that starts a program, as an assistant's MCP configuration names one. */
export interface McpLaunch {
  command: string;
  args: string[];
  /** Variables the program needs besides the usual ones; never a secret value. */
  env: Record<string, string>;
}

/** This Pipewright, as programs a node starts on this machine may reach it. */
export interface PipewrightApi {
  /**
   * The command that serves the run's project's saved pipelines as MCP tools on stdio
   * (`pipewright mcp --project <id>` over this data folder), for an assistant on this machine.
   */
  mcpServer(): McpLaunch;
}
