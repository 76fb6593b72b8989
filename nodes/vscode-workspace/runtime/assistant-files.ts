import type { EndpointValue, McpLaunch } from '../../sdk';
import { toYaml, type YamlData } from '../../sdk/node/yaml';
import type { VscodeAssistant } from '../definition';

/**
 * The files that wire VS Code and its assistant to the pipeline: what each says, as data.
 * Writing them is write-files.ts's job; both runtimes (a local process, a container) write
 * the same files, only the folders they land in differ.
 */

/** Where a file goes: the private home of code-server, its user data folder, or the workspace. */
export type FileRoot = 'home' | 'data' | 'workspace';

export interface GeneratedFile {
  root: FileRoot;
  /** Relative to its root, with forward slashes. */
  path: string;
  content: string;
  /** Holds a key: written readable by its owner only. */
  private?: boolean;
}

export interface AssistantSetup {
  assistant: VscodeAssistant;
  endpoint?: EndpointValue;
  /** The endpoint's key; undefined for endpoints without one. Never logged. */
  apiKey?: string;
  blueprint?: string;
  /** The home folder as code-server sees it (a container sees its own paths). */
  homeInServer: string;
  /** Pipewright's MCP server for the project, registered with the assistant when given. */
  mcp?: McpLaunch;
}

/** The variable Continue's config names; its value sits in ~/.continue/.env. */
export const CONTINUE_KEY_NAME = 'PIPEWRIGHT_API_KEY';
export const KILO_PROFILE = 'pipewright';
export const KILO_SETTINGS_FILE = '.pipewright/kilo-code-settings.json';
export const BLUEPRINT_FILE = 'BLUEPRINT.md';
export const CONTINUE_RULE_FILE = '.continue/rules/pipewright-blueprint.md';
export const KILO_LAUNCH_FILE = '.kilocode/launchConfig.json';
/**
 * Kilo Code's own MCP settings, in its global storage under the user data folder; not the
 * workspace's .kilocode/mcp.json, which would put this machine's paths in the person's repository.
 */
export const KILO_MCP_FILE = 'User/globalStorage/kilocode.kilo-code/settings/mcp_settings.json';
/** The name the assistant shows for Pipewright's MCP server. */
export const MCP_SERVER_NAME = 'pipewright';
/** Tools that only read what is saved: Kilo Code may call them without asking each time. */
const READ_ONLY_TOOLS = ['list_pipelines', 'list_runs', 'read_run_logs'];

/**
 * Workspace files only this node writes (their names are its own), removed when a run no longer
 * writes them. BLUEPRINT.md and launchConfig.json may be the person's, so they are never removed.
 */
export const OWN_WORKSPACE_FILES = [CONTINUE_RULE_FILE] as const;

const CONTINUE_HEADER = [
  "Written by Pipewright's vscode-workspace node: the pipeline's model for chat, edit and apply, and",
  "Pipewright's MCP server, whose tools run the project's pipelines (Continue's agent mode uses them).",
  'Running the node again rewrites it. The key is not here: Continue reads it from ~/.continue/.env.',
].join('\n');

/**
 * Continue's config.yaml (schema v1) lists MCP servers under `mcpServers`, each a block
 * `{ name, type: stdio, command, args, env }`, the same shape `.continue/mcpServers/*.yaml` files
 * hold; the server's tools show in agent mode.
 */
function continueMcpServers(mcp: McpLaunch | undefined): YamlData[] | undefined {
  if (!mcp) return undefined;
  return [{ name: MCP_SERVER_NAME, type: 'stdio', command: mcp.command, args: mcp.args, env: mcp.env }];
}

export function continueConfig(endpoint: EndpointValue | undefined, hasKey: boolean, mcp?: McpLaunch): string {
  const models = endpoint
    ? [
        {
          name: endpoint.model,
          provider: 'openai',
          model: endpoint.model,
          apiBase: endpoint.baseUrl,
          // Continue resolves this reference itself, so the key never sits in the config.
          apiKey: hasKey ? `\${{ secrets.${CONTINUE_KEY_NAME} }}` : undefined,
          roles: ['chat', 'edit', 'apply'],
        },
      ]
    : [];
  const mcpServers = continueMcpServers(mcp);
  return toYaml({ name: 'Pipewright', version: '1.0.0', schema: 'v1', models, ...(mcpServers ? { mcpServers } : {}) }, CONTINUE_HEADER);
}

/** One dotenv line. Single quotes keep every character literal; a key holding one gets double quotes. */
export function dotenvLine(name: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`the value of ${name} holds a line break, which a .env file cannot carry`);
  if (!value.includes("'")) return `${name}='${value}'\n`;
  if (!value.includes('"')) return `${name}="${value}"\n`;
  throw new Error(`the value of ${name} holds both kinds of quotes, which a .env file cannot carry`);
}

/**
 * Kilo Code's settings export format, imported at every start through its
 * autoImportSettingsPath setting. It has no way to refer to a secret, so the key is in it: the
 * file lives in code-server's private home (mode 600), never in the workspace.
 */
export function kiloSettings(endpoint: EndpointValue, apiKey: string | undefined): string {
  const profile = {
    id: KILO_PROFILE,
    apiProvider: 'openai',
    openAiBaseUrl: endpoint.baseUrl,
    openAiModelId: endpoint.model,
    ...(apiKey ? { openAiApiKey: apiKey } : {}),
  };
  const doc = {
    providerProfiles: { currentApiConfigName: KILO_PROFILE, apiConfigs: { [KILO_PROFILE]: profile } },
    globalSettings: {},
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Kilo Code's mcp_settings.json (the format it shares with Roo Code and Cline):
 * `{ mcpServers: { <name>: { command, args, env, disabled, alwaysAllow } } }`. `alwaysAllow`
 * lists tools it may call without asking: only those that read, never one that runs a pipeline.
 */
export function kiloMcpSettings(mcp: McpLaunch): string {
  const server = { type: 'stdio', command: mcp.command, args: mcp.args, env: mcp.env, disabled: false, alwaysAllow: READ_ONLY_TOOLS };
  return `${JSON.stringify({ mcpServers: { [MCP_SERVER_NAME]: server } }, null, 2)}\n`;
}

export function blueprintMarkdown(blueprint: string): string {
  const text = blueprint.trim();
  return /^#\s/.test(text) ? `${text}\n` : `# Blueprint\n\n${text}\n`;
}

/** A rule Continue always applies: the blueprint is what the project is meant to become. */
export function continueRule(blueprint: string): string {
  return [
    '---',
    'name: Pipewright blueprint',
    'alwaysApply: true',
    '---',
    '',
    `This workspace is being built to the blueprint below (also in ${BLUEPRINT_FILE}). Keep changes consistent with it; when a request conflicts with it, say so.`,
    '',
    blueprint.trim(),
    '',
  ].join('\n');
}

/** Kilo Code starts a task from this whenever the workspace opens. */
export function kiloLaunchConfig(blueprint: string, withProfile: boolean): string {
  const prompt = `Build the project described in ${BLUEPRINT_FILE} in this workspace. The blueprint:\n\n${blueprint.trim()}`;
  const config = { prompt, ...(withProfile ? { profile: KILO_PROFILE } : {}), mode: 'code' };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** VS Code's user settings: no trust prompt, no telemetry, and Kilo Code's import path. */
export function userSettings(setup: Pick<AssistantSetup, 'assistant' | 'endpoint' | 'homeInServer'>): string {
  const settings: Record<string, unknown> = {
    // The workspace is the person's own pipeline output: asking whether to trust it only hides the assistant.
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'extensions.autoUpdate': false,
    // VS Code's own chat needs an account code-server cannot sign in to; the assistant is the node's.
    'chat.disableAIFeatures': true,
  };
  if (setup.assistant === 'continue') settings['continue.telemetryEnabled'] = false;
  if (setup.assistant === 'kilo-code' && setup.endpoint) {
    settings['kilo-code.autoImportSettingsPath'] = `${setup.homeInServer}/${KILO_SETTINGS_FILE}`;
  }
  return `${JSON.stringify(settings, null, 2)}\n`;
}

/** Every file the node writes for this setup. */
export function assistantFiles(setup: AssistantSetup): GeneratedFile[] {
  const { assistant, endpoint, apiKey, blueprint, mcp } = setup;
  const files: GeneratedFile[] = [{ root: 'data', path: 'User/settings.json', content: userSettings(setup) }];
  const hasBlueprint = blueprint !== undefined && blueprint.trim() !== '';
  if (hasBlueprint) files.push({ root: 'workspace', path: BLUEPRINT_FILE, content: blueprintMarkdown(blueprint) });

  if (assistant === 'continue') {
    files.push({ root: 'home', path: '.continue/config.yaml', content: continueConfig(endpoint, apiKey !== undefined, mcp) });
    if (apiKey !== undefined) {
      files.push({ root: 'home', path: '.continue/.env', content: dotenvLine(CONTINUE_KEY_NAME, apiKey), private: true });
    }
    if (hasBlueprint) files.push({ root: 'workspace', path: CONTINUE_RULE_FILE, content: continueRule(blueprint) });
  }
  if (assistant === 'kilo-code') {
    if (endpoint) files.push({ root: 'home', path: KILO_SETTINGS_FILE, content: kiloSettings(endpoint, apiKey), private: true });
    if (mcp) files.push({ root: 'data', path: KILO_MCP_FILE, content: kiloMcpSettings(mcp) });
    if (hasBlueprint) files.push({ root: 'workspace', path: KILO_LAUNCH_FILE, content: kiloLaunchConfig(blueprint, endpoint !== undefined) });
  }
  return files;
}
