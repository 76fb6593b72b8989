import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NodeError } from '../../../nodes/sdk';
import { dockerForTests, projectContainers, projectImages, removeProject, testImage, testProject, testScope } from './docker.test-support';

const docker = await dockerForTests();
const project = testProject('build-test');
const folders: string[] = [];

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pw-build-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

describe.skipIf(!docker)('DockerApi.build', () => {
  const client = docker!;
  afterAll(async () => {
    await removeProject(client, project);
    await Promise.all(folders.map((f) => rm(f, { recursive: true, force: true })));
  });

  it('sends the folder filtered by its .dockerignore, streams the log, and labels the image', async () => {
    const dir = await folder({
      Dockerfile: `FROM ${testImage('static')}\nCOPY . /ctx\n`,
      '.dockerignore': '# local only\nnode_modules\n*.log\n.env\nsecrets/**\n!secrets/public.txt\n',
      'app.txt': 'app',
      'debug.log': 'noise',
      '.env': 'TOKEN=do-not-ship',
      'node_modules/dep/index.js': 'dep',
      'secrets/private.key': 'key',
      'secrets/public.txt': 'public',
      'src/main.txt': 'main',
    });
    const t = testScope(project, 'ignore');
    const image = await client.scoped(t.scope).build({ context: dir });
    expect(image.id).toMatch(/^sha256:/);
    expect(image.tag).toMatch(/^pipewright\/build-test-[0-9a-f]+-ignore/);
    expect(t.text()).toContain('Step 2/');
    // Each step is reported as it starts, in order, for the bar on the node.
    const steps = t.progress[0].total!;
    expect(t.progress.map((p) => [p.done, p.total])).toEqual(Array.from({ length: steps }, (_, i) => [i, steps]));
    expect(t.progress.map((p) => p.label)).toContain(`Step 2/${steps}: COPY . /ctx`);
    expect((await projectImages(client, project)).map((i) => i.Id)).toContain(image.id);

    let listing = '';
    await client.scoped(t.scope).runSandboxed({
      image: image.tag,
      command: 'cd /ctx && find . -type f | sort',
      workspace: dir,
      onData: (c) => (listing += c),
    });
    expect(listing.trim().split('\n')).toEqual([
      './.dockerignore',
      './Dockerfile',
      './app.txt',
      './secrets/public.txt',
      './src/main.txt',
    ]);
  });

  it('reports a failing build with its step and the last lines it printed, leaving no container', async () => {
    const dir = await folder({
      // The failing step comes first, so the build commits no layer that would outlive the test.
      // Colours and a redrawn progress line, as npm and pip print them, are not part of the error.
      Dockerfile:
        `FROM ${testImage('static')}\n` +
        `RUN printf '\\033[36mpreparing\\033[0m\\nfetch 10%%\\rfetch 100%%\\n' && echo "cannot find module express" && exit 3\n` +
        'RUN echo never\n',
    });
    const t = testScope(project, 'broken');
    const error = await client.scoped(t.scope).build({ context: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect((error as NodeError).message).toMatch(
      /^image build failed at step 2\/\d+ \(RUN printf .* && echo "cannot find module express" && exit 3\): .*returned a non-zero code: 3/,
    );
    expect((error as NodeError).detail).toMatch(/preparing\nfetch 100%\ncannot find module express/);
    expect((error as NodeError).detail).not.toContain('\x1b');
    expect((error as NodeError).detail).not.toMatch(/^fetch 10%/m);
    expect(await projectContainers(client, project)).toEqual([]);
  });

  it('says so when the folder has no Dockerfile', async () => {
    const dir = await folder({ 'index.html': '<h1>hi</h1>' });
    const t = testScope(project, 'none');
    await expect(client.scoped(t.scope).build({ context: dir })).rejects.toThrow(`there is no Dockerfile in ${dir}`);
  });

  it('cancelled mid-build, stops the build and leaves no container or image behind', async () => {
    const dir = await folder({ Dockerfile: `FROM ${testImage('static')}\nRUN echo slow-step-started && sleep 120\n` });
    const t = testScope(project, 'slow');
    const building = client.scoped(t.scope).build({ context: dir }).catch((e: unknown) => e);
    while (!t.text().includes('slow-step-started')) await new Promise((r) => setTimeout(r, 25));
    const started = Date.now();
    t.controller.abort();
    expect(await building).toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(10_000);
    // The step's container carries no labels: find it by what it runs (other tests share the engine).
    const left = (await client.docker.listContainers({ all: true })).filter((c) => c.Command.includes('slow-step-started'));
    expect(left.map((c) => `${c.Id.slice(0, 12)} ${c.State}`)).toEqual([]);
    expect((await projectImages(client, project)).filter((i) => i.RepoTags?.some((tag) => tag.includes('-slow')))).toEqual([]);
  });
});
