import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testImage } from '../../../main/adapters/docker/docker.test-support';
import { jsonLines, runCli } from '../../../main/cli/run-cli.test-support';

const TEMPLATE = join(__dirname, '..', '..', '..', 'resources', 'templates', 'software-team.json');
const cleanup: string[] = [];
afterEach(() => {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the bundled software-team template', () => {
  it('runs with no model configured: the CLI prints each task as it goes, and the workspace holds the parts', async () => {
    const home = mkdtempSync(join(tmpdir(), 'pw-team-gallery-'));
    cleanup.push(home);
    // The tests run in the sandbox when Docker is here: the CLI is pointed at the local image.
    testImage('sandbox');
    const run = await runCli(['run', TEMPLATE], home);
    expect(run, run.stdout).toMatchObject({ code: 0, stderr: '' });
    // The run's task events, as `pipewright run` shows them.
    expect(run.stdout).toContain('    team … task backend (backend) running: Make the backend (node-api) in backend/\n');
    expect(run.stdout).toMatch(/ {4}team ✓ task test \(tester\) done: Run every part's tests — backend: passed, frontend: passed\n/);
    expect(run.stdout).toContain('    team ✓ task dockerfile (devops) done: Write the Dockerfile — Dockerfile for the backend (node-api)\n');

    const again = await runCli(['run', TEMPLATE, '--json'], home);
    const summary = jsonLines(again.stdout).at(-1) as { nodes: Record<string, { status: string; outputs: { workspace: { path: string }; design: string } }> };
    const team = summary.nodes.team;
    expect(team.status).toBe('cached');
    expect(team.outputs.design).toContain('# Book Club');
    expect(readFileSync(join(team.outputs.workspace.path, 'frontend', 'site', 'index.html'), 'utf8')).toContain('<h1>Book Club</h1>');
  }, 120_000);
});
