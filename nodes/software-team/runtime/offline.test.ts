import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { dockerForTests, removeProject, testImage, testProject } from '../../../main/adapters/docker/docker.test-support';
import { createPty } from '../../../main/adapters/pty/pty';
import type { CapabilityScope, TaskProgress } from '../../sdk';
import { createTestRunContext, type TestRunContext } from '../../test-context.test-support';
import { deployNode } from '../../build-deploy/runtime/deploy-context.test-support';
import { softwareTeamDefinition } from '../definition';
import { softwareTeamRuntime } from './index';
import type { TeamReport } from './report';

// The offline team needs no model: these contexts provide no LLM at all.
let t: TestRunContext | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const BLUEPRINT = '# Book Club\nA place where a reading club keeps its books and members, with a web page to browse them.\nResources: books (title, author), members (name)';

async function runTeam(blueprint: string, params: Record<string, unknown> = {}, setup?: (tc: TestRunContext) => void) {
  t = await createTestRunContext({ pty: createPty(), nodeId: 'team' });
  const tasks: TaskProgress[] = [];
  t.ctx.task = (p) => tasks.push(p);
  setup?.(t);
  const out = await softwareTeamRuntime.run({ inputs: { blueprint }, params: softwareTeamDefinition.params.parse(params), ctx: t.ctx });
  return {
    dir: (out.workspace as { path: string }).path,
    report: out.report as TeamReport,
    design: out.design as string,
    tasks,
    log: t.logs.map((l) => l.chunk).join(''),
  };
}

/** Runs a part's own test command the way a person would, outside Pipewright. */
const npmTest = (dir: string) => execFileSync('npm', ['test'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });

describe('software team, offline (no model)', () => {
  it('composes a backend, a static frontend, tests and a Dockerfile from the blueprint, and the tests pass', async () => {
    const { dir, report, design, tasks, log } = await runTeam(BLUEPRINT);

    expect(report.mode).toBe('offline');
    expect(report.stack).toBe('node-api + static-site');
    expect(report.tasks.map((task) => [task.id, task.owner, task.status])).toEqual([
      ['design', 'supervisor', 'done'],
      ['backend', 'backend', 'done'],
      ['frontend', 'frontend', 'done'],
      ['test', 'tester', 'done'],
      ['dockerfile', 'devops', 'done'],
    ]);
    expect(report.tasks.find((task) => task.id === 'test')?.summary).toBe('backend: passed, frontend: passed');
    expect(log).toContain('commands run UNSANDBOXED on this machine');

    // The design names the parts, their languages and the routes of the blueprint's resources.
    expect(design).toContain('# Book Club');
    expect(design).toContain('`backend/` — backend, JavaScript (Node.js)');
    expect(design).toContain('`Dockerfile` — devops: the backend as a container');
    expect(design).toContain('`/books` (Books): GET list, POST create (requires title, author)');
    expect(readFileSync(join(dir, 'DESIGN.md'), 'utf8')).toBe(design);

    // Each part's own tests pass when run by hand.
    expect(npmTest(join(dir, 'backend'))).toMatch(/ℹ fail 0/);
    expect(npmTest(join(dir, 'frontend'))).toMatch(/ℹ fail 0/);
    expect(JSON.parse(readFileSync(join(dir, 'backend', 'resources.json'), 'utf8')).map((r: { name: string }) => r.name)).toEqual(['books', 'members']);
    expect(readFileSync(join(dir, 'frontend', 'site', 'index.html'), 'utf8')).toContain('<h1>Book Club</h1>');

    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('COPY backend/ ./');
    expect(dockerfile).toMatch(/^USER 10001$/m);
    expect(dockerfile).toContain('HEALTHCHECK');

    // Per agent: what it did and wrote; no model, no tokens.
    const agent = (role: string) => report.agents.find((a) => a.role === role)!;
    expect(agent('backend').files).toContain('backend/src/app.js');
    expect(agent('frontend').files).toContain('frontend/site/index.html');
    expect(agent('devops').files).toEqual(['.dockerignore', 'Dockerfile']);
    expect(agent('tester')).toMatchObject({ tasksDone: ['test'], commands: { runs: 2, failed: 0 } });
    expect(report.tokens).toEqual({ prompt: 0, completion: 0 });

    // The node's task events: each task queued, running, then done.
    expect(tasks.filter((p) => p.id === 'test').map((p) => p.status)).toEqual(['queued', 'running', 'done']);
    expect(tasks.find((p) => p.id === 'dockerfile' && p.status === 'done')).toMatchObject({ owner: 'devops', title: 'Write the Dockerfile' });
  });

  it('refuses a language it has no scaffold for, naming it', async () => {
    const error = await runTeam('# Shop\nA Ruby on Rails API.\nResources: orders').catch((e: unknown) => e as Error);
    expect((error as Error).message).toMatch(/^input "blueprint" asks for Ruby, which the offline team has no scaffold for/);
  });

  it('makes no frontend when the blueprint asks for an API only, and leaves out roles not taking part', async () => {
    const { dir, report } = await runTeam('# Ledger\nA REST API.\nResources: entries (amount)', { roles: ['backend', 'tester'] });
    expect(report.tasks.map((task) => task.id)).toEqual(['design', 'backend', 'test']);
    expect(existsSync(join(dir, 'frontend'))).toBe(false);
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(false);
    expect(readFileSync(join(dir, 'DESIGN.md'), 'utf8')).not.toContain('Dockerfile');
    expect(report.agents.map((a) => a.role)).toEqual(['supervisor', 'backend', 'tester']);
  });

  it('writes a multi-stage Dockerfile for a Go, Java or Rust backend, building backend/ and running it as nobody with a health check', async () => {
    for (const [language, build, runtime] of [
      ['Go', /^FROM \S+ AS build\nWORKDIR \/src\nCOPY backend\/ \.\nRUN CGO_ENABLED=0 go build -o \/out\/app \.$/m, /^COPY --from=build \/out\/app \/app$/m],
      ['Java', /^COPY backend\/ \.\nRUN mvn -B -DskipTests package/m, /^CMD \["java","-jar","\/app\/app.jar"\]$/m],
      ['Rust', /^COPY backend\/ \.\nRUN target=.*cargo build --release --target "\$target" --bin app/ms, /^CMD \["\/app"\]$/m],
    ] as const) {
      const { dir, report } = await runTeam(`# Stock-Room\nA ${language} REST API.\nResources: Class (type, package)`, { roles: ['backend', 'devops'] });
      expect(report.tasks.find((task) => task.id === 'dockerfile')).toMatchObject({ status: 'done', summary: expect.stringMatching(/^Dockerfile for the backend/) });
      const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
      expect(dockerfile, language).toMatch(build);
      expect(dockerfile, language).toMatch(runtime);
      expect(dockerfile, language).toMatch(/^USER 65534$/m);
      expect(dockerfile, language).toMatch(/^HEALTHCHECK /m);
      // Not Build & Deploy's marker: it would rewrite the file looking for the app at the top.
      expect(dockerfile, language).not.toContain('generated by Pipewright');
      expect(readFileSync(join(dir, '.dockerignore'), 'utf8')).toContain('**/target');
      expect(report.agents.find((a) => a.role === 'devops')!.files).toEqual(['.dockerignore', 'Dockerfile']);
    }
  });

  it('says which files of a connected workspace it replaces', async () => {
    t = await createTestRunContext({ pty: createPty(), nodeId: 'team' });
    const existing = join(t.root, 'existing');
    mkdirSync(join(existing, 'backend'), { recursive: true });
    writeFileSync(join(existing, 'backend', 'README.md'), 'my notes\n');
    writeFileSync(join(existing, 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(join(existing, 'keep.txt'), 'mine\n');
    await softwareTeamRuntime.run({
      inputs: { blueprint: '# Ledger\nA REST API.\nResources: entries (amount)', workspace: { path: existing } },
      params: softwareTeamDefinition.params.parse({ roles: ['backend', 'devops'] }),
      ctx: t.ctx,
    });
    const log = t.logs.map((l) => l.chunk).join('');
    expect(log).toContain('[the offline team replaces Dockerfile, backend/README.md in the connected workspace; commit your own versions first to keep them in its history]');
    expect(readFileSync(join(existing, 'keep.txt'), 'utf8')).toBe('mine\n');
  });

  it('fails naming the part when its tests fail, with their output', async () => {
    const error = await runTeam(BLUEPRINT, {}, (tc) => {
      // A sabotaged scaffold: the backend's tests cannot pass.
      const realTask = tc.ctx.task!;
      tc.ctx.task = (p) => {
        realTask(p);
        if (p.id === 'backend' && p.status === 'done') {
          execFileSync('sh', ['-c', `printf 'import assert from "node:assert";\\nimport { it } from "node:test";\\nit("breaks", () => assert.equal(1, 2));\\n' > test/broken.test.js`], { cwd: join(tc.root, 'team', 'backend') });
        }
      };
    }).catch((e: unknown) => e as Error & { detail?: string });
    expect((error as Error).message).toBe("the backend's tests fail (`cd backend && npm test` exited with 1) on the offline scaffold");
    expect((error as { detail?: string }).detail).toMatch(/breaks/);
  });
});

const docker = await dockerForTests();
const project = testProject('team-offline');

describe.skipIf(!docker)('software team, offline, with Docker', () => {
  afterAll(() => removeProject(docker!, project));

  it("runs each part's tests in the sandbox container", async () => {
    const { report, log } = await runTeam(BLUEPRINT, {}, (tc) => {
      const scope: CapabilityScope = { projectId: project, nodeId: 'team', runId: 'test-run', signal: tc.controller.signal, log: (c, s) => tc.ctx.log(c, s) };
      const scoped = docker!.scoped(scope);
      Object.defineProperty(tc.ctx, 'docker', { get: () => scoped });
    });
    expect(log).toMatch(/\[commands run in a sandbox container \(.+\), without network\]/);
    expect(report.tasks.find((task) => task.id === 'test')).toMatchObject({ status: 'done', summary: 'backend: passed, frontend: passed' });
    expect(report.agents.find((a) => a.role === 'tester')!.tests).toEqual({ passed: expect.any(Number), failed: 0 });
    expect(report.agents.find((a) => a.role === 'tester')!.tests.passed).toBeGreaterThan(8);
  });

  it("runs a Go backend's tests in the Go sandbox image", async () => {
    const { report, log, design } = await runTeam('# Inventory\nA Go REST API.\nResources: items (name, count)', { roles: ['backend', 'tester'] }, (tc) => {
      const scope: CapabilityScope = { projectId: project, nodeId: 'team', runId: 'test-run', signal: tc.controller.signal, log: (c, s) => tc.ctx.log(c, s) };
      const scoped = docker!.scoped(scope);
      Object.defineProperty(tc.ctx, 'docker', { get: () => scoped });
    });
    expect(report.stack).toBe('go-api');
    expect(design).toContain('`backend/` — backend, Go (standard library)');
    expect(log).toContain(`[commands run in a sandbox container (${testImage('go')}), without network]`);
    expect(report.tasks.find((task) => task.id === 'test')).toMatchObject({ status: 'done', summary: 'backend: passed' });
    expect(report.agents.find((a) => a.role === 'tester')!.tests.failed).toBe(0);
  });

  it("deploys a Go backend from the devops agent's multi-stage Dockerfile: /health 200 and its routes answer", { timeout: 240_000 }, async () => {
    const { dir } = await runTeam('# Stock-Room\nA Go REST API.\nResources: Class (type, package)', { roles: ['backend', 'tester', 'devops'] }, (tc) => {
      const scope: CapabilityScope = { projectId: project, nodeId: 'team', runId: 'test-run', signal: tc.controller.signal, log: (c, s) => tc.ctx.log(c, s) };
      const scoped = docker!.scoped(scope);
      Object.defineProperty(tc.ctx, 'docker', { get: () => scoped });
    });
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toMatch(new RegExp(`^FROM ${testImage('go')} AS build$`, 'm'));
    const deploy = await deployNode({ projectId: project, nodeId: 'deploy-go', docker: docker! });
    try {
      const service = await deploy.deploy(dir, { healthPath: '/health' });
      expect(deploy.takeLog()).toContain('using your Dockerfile as it is');
      const health = await fetch(`${service.url}/health`, { signal: AbortSignal.timeout(5000) });
      expect([health.status, await health.json()]).toEqual([200, { ok: true }]);
      const created = await fetch(`${service.url}/classes`, { method: 'POST', body: '{"type":"a","package":"b"}', signal: AbortSignal.timeout(5000) });
      expect(created.status).toBe(201);
      const list = await fetch(`${service.url}/classes`, { signal: AbortSignal.timeout(5000) });
      expect(await list.json()).toEqual([{ id: 1, type: 'a', package: 'b' }]);
    } finally {
      await deploy.dispose();
    }
  });

  it('says to turn on the network when Maven fails in a sandbox without it, as with a public image that lacks its plugins', { timeout: 120_000 }, async () => {
    const error = await runTeam('# Ledger\nA Java REST API.\nResources: entries (amount)', { roles: ['backend', 'tester'] }, (tc) => {
      const scope: CapabilityScope = { projectId: project, nodeId: 'team', runId: 'test-run', signal: tc.controller.signal, log: (c, s) => tc.ctx.log(c, s) };
      const scoped = docker!.scoped(scope);
      Object.defineProperty(tc.ctx, 'docker', { get: () => scoped });
      const realTask = tc.ctx.task!;
      tc.ctx.task = (p) => {
        realTask(p);
        // A plugin version no local repository has: Maven must download it, and cannot.
        if (p.id === 'backend' && p.status === 'done') {
          const pom = join(tc.root, 'team', 'backend', 'pom.xml');
          writeFileSync(pom, readFileSync(pom, 'utf8').replace('<version>3.10.1</version>', '<version>0.0.404</version>'));
        }
      };
    }).catch((e: unknown) => e as Error & { detail?: string });
    expect((error as Error).message).toBe("the backend's tests fail (`cd backend && mvn -B test` exited with 1) on the offline scaffold");
    expect((error as { detail?: string }).detail).toMatch(/0\.0\.404[\s\S]*\(The sandbox has no network: if Maven could not fetch its plugins, turn on the node's network param\.\)$/);
  });

  it("is deployed by Build & Deploy from the devops agent's Dockerfile, and /health answers 200", async () => {
    const { dir } = await runTeam('# Ledger\nA REST API.\nResources: entries (amount)', { roles: ['backend', 'devops'] }, (tc) => {
      const scope: CapabilityScope = { projectId: project, nodeId: 'team', runId: 'test-run', signal: tc.controller.signal, log: (c, s) => tc.ctx.log(c, s) };
      const scoped = docker!.scoped(scope);
      Object.defineProperty(tc.ctx, 'docker', { get: () => scoped });
    });
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toMatch(new RegExp(`^FROM ${testImage('node')}\n`));
    const deploy = await deployNode({ projectId: project, nodeId: 'deploy', docker: docker! });
    try {
      const service = await deploy.deploy(dir);
      expect(deploy.takeLog()).toContain('using your Dockerfile as it is');
      const res = await fetch(`${service.url}/health`, { signal: AbortSignal.timeout(5000) });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
      const entries = await fetch(`${service.url}/entries`, { signal: AbortSignal.timeout(5000) });
      expect(entries.status).toBe(200);
    } finally {
      await deploy.dispose();
    }
  });
});
