import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { callTool, dynamic, reply, startStandInModel, type RecordedRequest } from '../main/adapters/llm/stand-in-model.test-support';
import { chromiumPresent } from './support/browser';
import { useEditorSession } from './support/session';
import { eventually, node, status } from './support/editor';

// The model is the repo's scripted stand-in (an OpenAI-compatible server answering from a
// script), reached by the real `pipewright serve` over HTTP.

type Message = { role: string; content: string };
const messagesOf = (req: RecordedRequest): Message[] => req.body.messages;

async function importFile(page: Page, file: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import template…' }).click()]);
  await chooser.setFiles(file);
}

describe.skipIf(!chromiumPresent())('a software team in the editor', () => {
  const session = useEditorSession();
  const dir = mkdtempSync(join(tmpdir(), 'pw-e2e-team-'));
  let closeModel: (() => Promise<void>) | undefined;
  afterAll(() => closeModel?.());

  it("shows each task on the node, and each agent's conversation in its own logs tab", async () => {
    const model = await startStandInModel();
    closeModel = model.close;
    const plan = {
      design: '# Notes',
      tasks: [
        { id: 'api', title: 'Write the API', owner: 'backend' },
        { id: 'page', title: 'Write the page', owner: 'frontend' },
      ],
    };
    const step = dynamic((req) => {
      const messages = messagesOf(req);
      if (/You lead a software team/.test(messages[0].content)) return reply(JSON.stringify(plan));
      const task = /# Your task: (\S+)/.exec(messages[1].content)?.[1];
      const done = messages.some((m) => m.role === 'assistant');
      if (task === 'api') return done ? callTool('finish', { summary: 'api written' }) : callTool('write_file', { path: 'backend/api.js', content: 'export {};\n' });
      return done ? callTool('finish', { summary: 'page written' }) : callTool('write_file', { path: 'frontend/index.html', content: '<h1>Notes</h1>' });
    });
    model.script(...Array.from({ length: 10 }, () => step));

    const file = join(dir, 'team.pipewright.json');
    const at = (x: number) => ({ x, y: 0 });
    writeFileSync(
      file,
      JSON.stringify({
        format: 'pipewright/2',
        id: 'team-e2e',
        name: 'Team',
        nodes: [
          { id: 'spec', kind: 'text', version: 1, params: { text: '# Notes\nA notes API with a page.' }, position: at(0) },
          { id: 'model', kind: 'llm-endpoint', version: 1, params: { baseUrl: model.url, model: 'stand-in-coder' }, position: at(0) },
          { id: 'team', kind: 'software-team', version: 1, params: { roles: ['backend', 'frontend'] }, position: at(360) },
        ],
        edges: [
          { id: 'e1', from: { node: 'spec', port: 'text' }, to: { node: 'team', port: 'blueprint' } },
          { id: 'e2', from: { node: 'model', port: 'endpoint' }, to: { node: 'team', port: 'endpoint' } },
        ],
      }),
    );
    const page = session.page;
    await importFile(page, file);
    const review = page.getByRole('dialog', { name: /Review “Team”/ });
    await review.getByRole('button', { name: 'Looks right' }).click();
    await review.waitFor({ state: 'detached' });
    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(3));

    await page.keyboard.press('Control+Enter');
    await eventually(async () => expect(await status(page, 'team')).toBe('succeeded'), 60_000);
    const tasks = node(page, 'team').getByTestId('node-tasks').locator('li');
    await eventually(async () =>
      expect(await tasks.evaluateAll((items) => items.map((li) => [li.getAttribute('data-status'), li.textContent?.trim()]))).toEqual([
        ['done', '✓ backend Write the API'],
        ['done', '✓ frontend Write the page'],
      ]),
    );

    await node(page, 'team').click();
    // The roles field says who takes part when it is left empty.
    expect(await page.locator('textarea[name="roles"]').getAttribute('placeholder')).toBe('default: ["supervisor","architect","backend","frontend","tester","devops"]');
    await page.getByRole('button', { name: 'Show logs' }).click();
    const tabs = page.getByTestId('agent-tab');
    await eventually(async () => expect(await tabs.allTextContents()).toEqual(['Supervisor (supervisor)', 'Backend engineer (backend)', 'Frontend engineer (frontend)']));
    await tabs.nth(1).click();
    const transcript = page.getByTestId('agent-transcript');
    await eventually(async () => expect(await transcript.textContent()).toContain('→ write_file({"path":"backend/api.js"'));
    expect(await transcript.textContent()).not.toContain('frontend/index.html');
    expect(session.errors).toEqual([]);
  }, 120_000);
});
