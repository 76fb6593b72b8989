import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readYaml } from '../../sdk/node/yaml-reader.test-support';
import { assistantFiles, continueConfig, dotenvLine, type AssistantSetup } from './assistant-files';
import { writeGeneratedFiles } from './write-files';

const ENDPOINT = { baseUrl: 'http://127.0.0.1:8000/v1', model: 'mistralai/Codestral-22B-v0.1', apiKeySecret: 'VLLM_KEY' };
const KEY = 'sk-live-abc123';
const BLUEPRINT = 'A URL shortener with an admin page.';

const setup = (over: Partial<AssistantSetup>): AssistantSetup => ({
  assistant: 'continue',
  endpoint: ENDPOINT,
  apiKey: KEY,
  blueprint: BLUEPRINT,
  homeInServer: '/home/coder',
  ...over,
});

const file = (files: ReturnType<typeof assistantFiles>, path: string) => files.find((f) => f.path === path);

describe('the files that wire the assistant to the endpoint', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('gives Continue the model for chat, edit and apply, the key only as a secret reference', () => {
    const files = assistantFiles(setup({}));
    const config = file(files, '.continue/config.yaml')!;
    expect(config.root).toBe('home');
    expect(readYaml(config.content)).toEqual({
      name: 'Pipewright',
      version: '1.0.0',
      schema: 'v1',
      models: [
        {
          name: 'mistralai/Codestral-22B-v0.1',
          provider: 'openai',
          model: 'mistralai/Codestral-22B-v0.1',
          apiBase: 'http://127.0.0.1:8000/v1',
          apiKey: '${{ secrets.PIPEWRIGHT_API_KEY }}',
          roles: ['chat', 'edit', 'apply'],
        },
      ],
    });
    expect(config.content).not.toContain(KEY);
    expect(file(files, '.continue/.env')).toMatchObject({ root: 'home', private: true, content: `PIPEWRIGHT_API_KEY='${KEY}'\n` });
    expect(file(files, '.continue/rules/pipewright-blueprint.md')!.content).toMatch(/^---\nname: Pipewright blueprint\nalwaysApply: true\n---\n[\s\S]*A URL shortener/);
    expect(file(files, 'BLUEPRINT.md')).toMatchObject({ root: 'workspace', content: `# Blueprint\n\n${BLUEPRINT}\n` });
    expect(files.some((f) => f.path.includes('kilo'))).toBe(false);
  });

  it('leaves the key out of Continue entirely for an endpoint without one, and writes no model without an endpoint', () => {
    const keyless = assistantFiles(setup({ endpoint: { baseUrl: 'http://localhost:11434/v1', model: 'qwen2.5-coder:7b' }, apiKey: undefined }));
    expect(file(keyless, '.continue/config.yaml')!.content).not.toContain('apiKey');
    expect(file(keyless, '.continue/.env')).toBeUndefined();
    expect(readYaml(continueConfig(undefined, false))).toMatchObject({ schema: 'v1', models: [] });
  });

  it('quotes YAML values so a model name with YAML syntax in it stays a string', () => {
    for (const model of ['a: b # c\n"d"', 'yes', '1e3', 'null', '${{ secrets.OTHER }}']) {
      const config = continueConfig({ baseUrl: 'http://h/v1', model }, false);
      expect(readYaml(config)).toMatchObject({ models: [{ name: model, model }] });
    }
  });

  it('gives Kilo Code a profile to import with the endpoint, and the blueprint as the first task', () => {
    const files = assistantFiles(setup({ assistant: 'kilo-code' }));
    const settings = file(files, '.pipewright/kilo-code-settings.json')!;
    expect(settings).toMatchObject({ root: 'home', private: true });
    const doc = JSON.parse(settings.content);
    expect(doc.providerProfiles).toEqual({
      currentApiConfigName: 'pipewright',
      apiConfigs: {
        pipewright: { id: 'pipewright', apiProvider: 'openai', openAiBaseUrl: ENDPOINT.baseUrl, openAiModelId: ENDPOINT.model, openAiApiKey: KEY },
      },
    });
    const user = JSON.parse(file(files, 'User/settings.json')!.content);
    expect(user['kilo-code.autoImportSettingsPath']).toBe('/home/coder/.pipewright/kilo-code-settings.json');
    expect(user['security.workspace.trust.enabled']).toBe(false);
    const launch = JSON.parse(file(files, '.kilocode/launchConfig.json')!.content);
    expect(launch).toMatchObject({ profile: 'pipewright', mode: 'code' });
    expect(launch.prompt).toContain(BLUEPRINT);
    expect(files.some((f) => f.path.startsWith('.continue'))).toBe(false);
  });

  describe("Pipewright's MCP server, scoped to the project", () => {
    const MCP = {
      command: '/opt/node/bin/node',
      args: ['/opt/pipewright/out/main/cli.js', 'mcp', '--project', 'todo-api'],
      env: { PIPEWRIGHT_HOME: '/home/ada/.pipewright' },
    };

    it('is in Continue\'s config as a stdio server with its command, arguments and data folder, and no key', () => {
      const config = file(assistantFiles(setup({ mcp: MCP })), '.continue/config.yaml')!;
      expect(readYaml(config.content)).toMatchObject({
        mcpServers: [{ name: 'pipewright', type: 'stdio', command: MCP.command, args: MCP.args, env: MCP.env }],
      });
      expect(config.content).not.toContain(KEY);
      expect(readYaml(file(assistantFiles(setup({})), '.continue/config.yaml')!.content)).not.toHaveProperty('mcpServers');
    });

    it("is in Kilo Code's MCP settings in its global storage (not the workspace), reading tools allowed without asking", () => {
      const files = assistantFiles(setup({ assistant: 'kilo-code', mcp: MCP }));
      const settings = file(files, 'User/globalStorage/kilocode.kilo-code/settings/mcp_settings.json')!;
      expect(settings.root).toBe('data');
      expect(JSON.parse(settings.content)).toEqual({
        mcpServers: {
          pipewright: { type: 'stdio', command: MCP.command, args: MCP.args, env: MCP.env, disabled: false, alwaysAllow: ['list_pipelines', 'list_runs', 'read_run_logs'] },
        },
      });
      expect(settings.content).not.toContain(KEY);
      expect(files.filter((f) => f.root === 'workspace').some((f) => f.content.includes(MCP.command))).toBe(false);
      expect(assistantFiles(setup({ assistant: 'kilo-code' })).some((f) => f.path.endsWith('mcp_settings.json'))).toBe(false);
    });
  });

  it('writes only VS Code settings for no assistant and no blueprint', () => {
    const files = assistantFiles(setup({ assistant: 'none', blueprint: undefined }));
    expect(files.map((f) => f.path)).toEqual(['User/settings.json']);
  });

  it('refuses a key a .env file cannot carry, and quotes one holding a single quote', () => {
    expect(() => dotenvLine('K', 'a\nb')).toThrow(/line break/);
    expect(dotenvLine('K', "it's")).toBe('K="it\'s"\n');
  });

  it('writes keys readable by their owner only, and removes the Continue rule once Continue is gone', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pipewright-vscode-files-'));
    const roots = { home: join(dir, 'home'), data: join(dir, 'data'), workspace: join(dir, 'ws') };
    await mkdir(roots.workspace, { recursive: true });
    // A key file that existed with a looser mode gets tightened too.
    await mkdir(join(roots.home, '.continue'), { recursive: true });
    await writeFile(join(roots.home, '.continue', '.env'), 'old', { mode: 0o644 });
    await writeGeneratedFiles(assistantFiles(setup({})), roots);
    expect((await stat(join(roots.home, '.continue', '.env'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(roots.workspace, '.continue', 'rules', 'pipewright-blueprint.md'), 'utf8')).toContain(BLUEPRINT);

    await writeGeneratedFiles(assistantFiles(setup({ assistant: 'none' })), roots);
    await expect(stat(join(roots.workspace, '.continue', 'rules', 'pipewright-blueprint.md'))).rejects.toThrow();
    expect(await readFile(join(roots.workspace, 'BLUEPRINT.md'), 'utf8')).toContain(BLUEPRINT);
  });
});
