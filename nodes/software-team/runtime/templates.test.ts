import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPty } from '../../../main/adapters/pty/pty';
import { NodeError } from '../../sdk';
import { resourcesFolder } from '../../sdk/node/resources';
import { createTestRunContext, type TestRunContext } from '../../test-context.test-support';
import { BUNDLED_ROLES } from '../agent-template';
import { softwareTeamDefinition } from '../definition';
import { softwareTeamRuntime } from './index';
import { loadTeam } from './templates';

const cleanup: string[] = [];
let t: TestRunContext | undefined;
const savedHome = process.env.PIPEWRIGHT_HOME;
afterEach(async () => {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
  await t?.dispose();
  t = undefined;
  if (savedHome === undefined) delete process.env.PIPEWRIGHT_HOME;
  else process.env.PIPEWRIGHT_HOME = savedHome;
});

/** A data folder whose agents/ holds the given files. */
function dataFolder(files: Record<string, unknown>): string {
  const home = mkdtempSync(join(tmpdir(), 'pipewright-agents-'));
  cleanup.push(home);
  mkdirSync(join(home, 'agents'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(home, 'agents', name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return home;
}

const bundled = (role: string) => JSON.parse(readFileSync(join(resourcesFolder('agents'), `${role}.json`), 'utf8'));

describe('agent templates', () => {
  it('ships a valid template for every bundled role, the supervisor leading', async () => {
    const team = await loadTeam([...BUNDLED_ROLES], { bundled: resourcesFolder('agents'), user: join(tmpdir(), 'no-such-folder') });
    expect(team.map((a) => a.role)).toEqual([...BUNDLED_ROLES]);
    expect(team.find((a) => a.role === 'tester')!.tools).toContain('report_failure');
    expect(team.find((a) => a.role === 'devops')!.owns).toContain('Dockerfile');
  });

  it("adds the user's own roles and lets a user template replace a bundled one", async () => {
    const home = dataFolder({
      'docs-writer.json': { ...bundled('architect'), role: 'docs-writer', title: 'Docs writer', owns: ['README.md'] },
      'backend.json': { ...bundled('backend'), maxRounds: 5 },
    });
    const team = await loadTeam(['backend', 'docs-writer'], { bundled: resourcesFolder('agents'), user: join(home, 'agents') });
    expect(team.map((a) => [a.role, a.maxRounds])).toEqual([
      ['supervisor', 2],
      ['backend', 5],
      ['docs-writer', 12],
    ]);
  });

  it('refuses a broken template, naming the file and the field, before the team starts', async () => {
    const home = dataFolder({ 'reviewer.json': { ...bundled('tester'), role: 'reviewer', maxRounds: 'ten' } });
    process.env.PIPEWRIGHT_HOME = home;
    t = await createTestRunContext({ pty: createPty(), nodeId: 'team' });
    const error = await softwareTeamRuntime
      .run({ inputs: { blueprint: '# App' }, params: softwareTeamDefinition.params.parse({ mode: 'offline' }), ctx: t.ctx })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect((error as Error).message).toBe(
      `agent template ${join(home, 'agents', 'reviewer.json')}: field "maxRounds": Invalid input: expected number, received string; fix the file or remove it`,
    );
  });

  it('reads a template saved with a byte order mark, as Windows editors write UTF-8', async () => {
    const home = dataFolder({ 'qa.json': `\uFEFF${JSON.stringify({ ...bundled('tester'), role: 'qa' })}` });
    const team = await loadTeam(['backend', 'qa'], { bundled: resourcesFolder('agents'), user: join(home, 'agents') });
    expect(team.map((a) => a.role)).toEqual(['supervisor', 'backend', 'qa']);
  });

  it('refuses a template that is not JSON, one with an unknown tool, and a role without a template', async () => {
    const dirs = (files: Record<string, unknown>) => ({ bundled: resourcesFolder('agents'), user: join(dataFolder(files), 'agents') });
    await expect(loadTeam(['backend'], dirs({ 'x.json': '{ "role": ' }))).rejects.toThrow(/^agent template .*x\.json is not valid JSON: /);
    await expect(loadTeam(['backend'], dirs({ 'x.json': { ...bundled('backend'), role: 'x', tools: ['format_disk'] } }))).rejects.toThrow(
      /^agent template .*x\.json: field "tools\.0": Invalid option: expected one of/,
    );
    await expect(loadTeam(['backend'], dirs({ 'x.json': { ...bundled('backend'), role: 'x', colour: 'red' } }))).rejects.toThrow(
      /^agent template .*x\.json: field "colour": there is no such field \(the fields are role, title, goal, systemPrompt, tools, owns, model, maxRounds, creditWeight\)/,
    );
    await expect(loadTeam(['backend'], dirs({ 'x.json': { ...bundled('backend'), role: 'x', model: { task: 'chat', complexity: 'simple', temp: 1 } } }))).rejects.toThrow(
      /^agent template .*x\.json: field "model\.temp": there is no such field \(the fields are task, complexity\)/,
    );
    const folder = dirs({});
    mkdirSync(join(folder.user, 'y.json'));
    await expect(loadTeam(['backend'], folder)).rejects.toThrow(/^agent template .*y\.json cannot be read \(EISDIR\); make it a JSON file or remove it$/);
    await expect(loadTeam(['supervisor'], dirs({}))).rejects.toThrow(/^param "roles": the supervisor needs at least one specialist/);
    await expect(loadTeam(['designer'], dirs({}))).rejects.toThrow(
      /^param "roles": there is no agent template for "designer"; the roles are architect, backend, devops, frontend, supervisor, tester, or add .*designer\.json$/,
    );
  });
});
