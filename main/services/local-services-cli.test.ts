import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline, type ServiceValue } from '../../nodes/sdk';
import { writeFiles } from '../../nodes/build-deploy/runtime/test-apps.test-support';
import { isProcessRunning } from '../../nodes/test-context.test-support';
import { jsonLines, runCli, startCli } from '../cli/run-cli.test-support';
import { Store } from '../store';
import { localServicesOf } from '.';

/*
 * A local service outlives the `pipewright run` that started it: the real CLI in child
 * processes runs a template, exits, and a later `pipewright services` lists what it left,
 * shows its logs and stops it with everything it started.
 */

/** An app that starts a process of its own, so stopping it must end a tree, not one process. */
function appWithHelper(body: string): Record<string, string> {
  return {
    'package.json': JSON.stringify({ name: 'app', version: '1.0.0', private: true, scripts: { start: 'node server.js' } }),
    'server.js': `const { spawn } = require('node:child_process');
const http = require('node:http');
const helper = spawn('sleep', ['300'], { stdio: 'ignore' });
console.log('hello from the app; helper=' + helper.pid);
http.createServer((req, res) => {
  console.log(req.method + ' ' + req.url);
  res.end(${JSON.stringify(body)});
}).listen(Number(process.env.PORT), '127.0.0.1');
`,
  };
}

const at = { x: 0, y: 0 };
const template: Pipeline = {
  format: FORMAT,
  id: 'local-services-cli',
  name: 'Two local apps',
  inputs: [
    { name: 'kept', type: 'workspace' },
    { name: 'temp', type: 'workspace' },
  ],
  nodes: [
    { id: 'kept-src', kind: 'pipeline-input', params: { name: 'kept', type: 'workspace' }, position: at },
    { id: 'temp-src', kind: 'pipeline-input', params: { name: 'temp', type: 'workspace' }, position: at },
    { id: 'kept', kind: 'build-deploy', params: { runtime: 'local', keep: true }, position: at },
    { id: 'temp', kind: 'build-deploy', params: { runtime: 'local', keep: false }, position: at },
  ],
  edges: [
    { id: 'e1', from: { node: 'kept-src', port: 'value' }, to: { node: 'kept', port: 'workspace' } },
    { id: 'e2', from: { node: 'temp-src', port: 'value' }, to: { node: 'temp', port: 'workspace' } },
  ],
};

const refused = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    () => false,
    () => true,
  );

describe('local services and the CLI', () => {
  let dir: string;
  let home: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-local-cli-'));
    home = join(dir, 'home');
    await writeFile(join(dir, 'two-apps.json'), JSON.stringify(template));
    await writeFiles(join(dir, 'kept'), appWithHelper('kept app'));
    await writeFiles(join(dir, 'temp'), appWithHelper('temporary app'));
  });

  afterAll(async () => {
    // Whatever a failed assertion left running.
    const store = Store.open(home);
    try {
      const local = localServicesOf(store);
      for (const s of await local.list()) await local.stop(s.name);
    } finally {
      store.close();
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps a kept local app running after `pipewright run` exits; `services` lists it, shows its logs and stops its whole tree', { timeout: 120_000 }, async () => {
    const run = await runCli(['run', join(dir, 'two-apps.json'), '--input', `kept=${join(dir, 'kept')}`, '--input', `temp=${join(dir, 'temp')}`, '--json'], home);
    expect(run.code, run.stderr).toBe(0);
    const summary = jsonLines(run.stdout).find((l) => l.type === 'summary') as { nodes: Record<string, { outputs: { service: ServiceValue } }> };
    const kept = summary.nodes.kept.outputs.service;
    const temp = summary.nodes.temp.outputs.service;

    // The CLI has exited: the kept app still answers, the other one went with its run.
    expect(await (await fetch(kept.url)).text()).toBe('kept app');
    expect(await refused(temp.url)).toBe(true);

    const listed = await runCli(['services', '--project', template.id], home);
    expect(listed.stdout).toMatch(new RegExp(`^NAME\\s+STATUS\\s+URL\\s+PROJECT\\s+NODE\\s+STARTED\\n${kept.name}\\s+running\\s+${kept.url.replace(/\./g, '\\.')}\\s+${template.id}\\s+kept\\s`));
    expect(listed.stdout).not.toContain(temp.name);

    const logs = await runCli(['services', 'logs', kept.name, '--tail', '20'], home);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('hello from the app');
    expect(logs.stdout).toContain('GET /');

    // Its tree: the shell that runs the start command, node, and the helper node started.
    const store = Store.open(home);
    const record = store.localServices.get(kept.name)!;
    store.close();
    const helper = Number(/helper=(\d+)/.exec(await readFile(record.logFile, 'utf8'))![1]);
    expect(isProcessRunning(record.pid)).toBe(true);
    expect(isProcessRunning(helper)).toBe(true);

    const stopped = await runCli(['services', 'stop', kept.name], home);
    expect(stopped.stdout).toBe(`stopped ${kept.name} and every process it started\n`);
    expect(isProcessRunning(record.pid)).toBe(false);
    expect(isProcessRunning(helper)).toBe(false);
    expect(await refused(kept.url)).toBe(true);

    const after = await runCli(['services', '--project', template.id], home);
    expect(after.stdout).not.toContain(kept.name);
    const again = await runCli(['services', 'stop', kept.name], home);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`no service named "${kept.name}"`);
  });

  it('stops an app held for a run whose `pipewright run` was killed, the next time Pipewright opens the data folder', { timeout: 120_000 }, async () => {
    const held: Pipeline = {
      ...template,
      id: 'local-services-killed',
      inputs: [{ name: 'temp', type: 'workspace' }],
      nodes: [
        template.nodes[1],
        template.nodes[3],
        { id: 'wait', kind: 'shell', params: { command: 'sleep 30' }, position: at },
      ],
      edges: [template.edges[1], { id: 'e3', from: { node: 'temp', port: 'workspace' }, to: { node: 'wait', port: 'workspace' } }],
    };
    await writeFile(join(dir, 'killed.json'), JSON.stringify(held));
    const cli = startCli(['run', join(dir, 'killed.json'), '--input', `temp=${join(dir, 'temp')}`, '--json'], home);
    let out = '';
    cli.stdout!.on('data', (d) => (out += d));
    const exited = new Promise((resolve) => cli.on('close', resolve));
    // Once the app is up and the run waits on the next node, the CLI dies without a chance to clean up.
    await expect.poll(() => jsonLines(out).some((e) => e.type === 'node-started' && e.nodeId === 'wait'), { timeout: 60_000 }).toBe(true);
    const finished = jsonLines(out).find((e) => e.type === 'node-finished' && e.nodeId === 'temp') as { outputs: { service: ServiceValue } };
    const service = finished.outputs.service;
    expect(await (await fetch(service.url)).text()).toBe('temporary app');
    process.kill(-cli.pid!, 'SIGKILL');
    await exited;
    expect(await (await fetch(service.url)).text()).toBe('temporary app');

    const store = Store.open(home);
    const record = store.localServices.get(service.name)!;
    store.close();
    expect(record.keep).toBe(false);

    // Any command that opens the data folder finds the run cut off and stops what it held.
    await runCli(['services', '--project', held.id], home);
    expect(isProcessRunning(record.pid)).toBe(false);
    expect(await refused(service.url)).toBe(true);
    const after = await runCli(['services', '--project', held.id], home);
    expect(after.stdout).not.toContain(service.name);
  });
});
