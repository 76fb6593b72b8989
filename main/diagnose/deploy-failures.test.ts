import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../../nodes/build-deploy/runtime/test-apps.test-support';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import { dockerForTests, removeProject, testImage, testProject } from '../adapters/docker/docker.test-support';
import { openHost, resourcesDir, type Host } from '../host';
import { startRun } from '../run-pipeline';
import { diagnoseRun } from '.';

// Real failures of a real Build & Deploy node (local Docker engine, local images), run through
// the host like any run, then diagnosed from what the store kept: no model is configured, so
// every answer here comes from the offline rules.
const docker = await dockerForTests();
const project = testProject('diagnose-deploy');

const pipeline = (params: Record<string, unknown>): Pipeline => ({
  format: FORMAT,
  id: 'diagnose-deploy',
  name: 'Diagnose deploy',
  inputs: [{ name: 'app', type: 'workspace' }],
  nodes: [
    { id: 'app', kind: 'pipeline-input', params: { name: 'app', type: 'workspace' }, position: { x: 0, y: 0 } },
    { id: 'deploy', kind: 'build-deploy', params: { runtime: 'docker', healthTimeoutMs: 8000, keep: false, ...params }, position: { x: 300, y: 0 } },
  ],
  edges: [{ id: 'e', from: { node: 'app', port: 'value' }, to: { node: 'deploy', port: 'workspace' } }],
});

/** A Python app (standard library only) whose app.py is `body`, served as a Build & Deploy node would write it. */
const pythonApp = (body: string) => ({ 'requirements.txt': '# standard library only\n', 'app.py': body });

const SERVE = `import os
from http.server import BaseHTTPRequestHandler, HTTPServer

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        ok = self.path == "/"
        self.send_response(200 if ok else 404)
        self.end_headers()
        self.wfile.write(b"home" if ok else b"no such page")

HTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8000"))), Handler).serve_forever()
`;

/** The Java scaffold's pom.xml (its plugins are in the local Java image), for a Maven build. */
const pom = () =>
  readFileSync(join(resourcesDir(), 'scaffolds', 'java-api', 'pom.xml'), 'utf8')
    .replace('{{name}}', 'app')
    .replace('{{description_html}}', 'An app');

/** An app per package manager that uses a package its manifest does not declare. */
const UNDECLARED: [manager: string, pkg: string, manifest: string, files: Record<string, string>][] = [
  [
    'npm',
    'express',
    'package.json',
    {
      'package.json': JSON.stringify({ name: 'app', version: '1.0.0', private: true, scripts: { start: 'node server.js' } }),
      'server.js': "const express = require('express');\nexpress().listen(Number(process.env.PORT));\n",
    },
  ],
  [
    'go',
    'github.com/gorilla/mux',
    'go.mod',
    {
      'go.mod': 'module app\n\ngo 1.19\n',
      'main.go': 'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/gorilla/mux"\n)\n\nfunc main() { http.ListenAndServe(":8080", mux.NewRouter()) }\n',
    },
  ],
  [
    'cargo',
    'serde',
    'Cargo.toml',
    {
      'Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
      'src/main.rs': 'use serde::Serialize;\n\n#[derive(Serialize)]\nstruct Health { ok: bool }\n\nfn main() {}\n',
    },
  ],
  [
    'maven',
    'com.google.gson',
    'pom.xml',
    {
      'pom.xml': pom(),
      'src/main/java/app/Main.java': 'package app;\n\nimport com.google.gson.Gson;\n\npublic class Main {\n  public static void main(String[] args) { System.out.println(new Gson().toJson(args)); }\n}\n',
    },
  ],
];

describe.skipIf(!docker)('diagnosing real Build & Deploy failures', () => {
  let home: string;
  let host: Host;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'pw-diagnose-'));
    host = openHost({ home });
  });
  afterAll(async () => {
    await removeProject(docker!, project);
    host?.close();
    await rm(home, { recursive: true, force: true });
  });

  /** Deploys `files` (which must fail) and diagnoses the stored run, naming no node. */
  async function failAndDiagnose(name: string, files: Record<string, string>, params: Record<string, unknown> = {}) {
    const dir = await writeFiles(join(home, 'apps', name), files);
    const { runId, handle } = startRun(host, { doc: pipeline(params), projectId: project, inputs: { app: { path: dir } } });
    const summary = await handle.done;
    expect(summary.status, JSON.stringify(summary.nodes.deploy)).toBe('failed');
    const result = await diagnoseRun(host.store, runId, undefined);
    // What the node said, shown when a rule misses it.
    return { ...result, said: `${result.context.error}\n${result.context.logTail}` };
  }

  it('image not found: a FROM line naming an image no registry serves here', async () => {
    const { context, diagnosis, said } = await failAndDiagnose('no-image', {
      Dockerfile: 'FROM pipewright-nowhere/no-such-base:1.0\nCMD ["true"]\n',
    });
    expect(context.nodeId).toBe('deploy');
    expect(context.files.map((f) => f.path)).toContain('Dockerfile');
    expect(diagnosis, said).toMatchObject({ source: 'image-not-found', fixInWorkspace: false });
    expect(diagnosis!.cause).toContain('pipewright-nowhere/no-such-base');
    expect(diagnosis!.evidence.join('\n')).toMatch(/pipewright-nowhere\/no-such-base/);
  });

  it('port in use: the port param is held by a listening socket', async () => {
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const { diagnosis, said } = await failAndDiagnose('port', pythonApp(SERVE), { port });
      expect(diagnosis, said).toMatchObject({ source: 'port-in-use' });
      expect(diagnosis!.cause).toContain(String(port));
      expect(diagnosis!.evidence.join('\n')).toMatch(/in use|allocated/);
    } finally {
      server.close();
    }
  });

  it('missing dependency: the app imports a module its requirements do not list', async () => {
    const { context, diagnosis, said } = await failAndDiagnose('pip', pythonApp(`import requests\n${SERVE}`));
    expect(diagnosis, said).toMatchObject({ source: 'missing-dependency', fixInWorkspace: true });
    expect(diagnosis!.cause).toContain('"requests"');
    expect(diagnosis!.fix).toContain('requirements.txt');
    expect(diagnosis!.evidence.join('\n')).toContain("No module named 'requests'");
    expect(context.files.map((f) => f.path)).toContain('app.py');
  });

  it.each(UNDECLARED)('missing dependency (%s): the app uses %s, which %s does not declare', async (manager, pkg, manifest, files) => {
    const { diagnosis, said } = await failAndDiagnose(`undeclared-${manager}`, files);
    expect(diagnosis, said).toMatchObject({ source: 'missing-dependency', fixInWorkspace: true });
    expect(diagnosis!.cause).toContain(pkg);
    expect(diagnosis!.fix).toContain(manifest);
  }, 240_000);

  it('registry unreachable: npm cannot reach the registry the build names (not a missing package)', async () => {
    const { diagnosis, said } = await failAndDiagnose('registry', {
      Dockerfile: `FROM ${testImage('node')}\nWORKDIR /app\nRUN npm install --registry http://127.0.0.1:9/ --fetch-retries 0 left-pad\nCMD ["node", "-e", "0"]\n`,
    });
    expect(diagnosis, said).toMatchObject({ source: 'registry-unreachable', fixInWorkspace: false });
    expect(diagnosis!.cause).toContain('npm package registry');
    expect(diagnosis!.evidence.join('\n')).toContain('request to http://127.0.0.1:9/left-pad failed');
  });

  it('command not found: the Dockerfile starts a program the image lacks', async () => {
    const { diagnosis, said } = await failAndDiagnose('command', {
      Dockerfile: `FROM ${testImage('python')}\nCMD ["uvicorn", "main:app"]\n`,
    });
    expect(diagnosis, said).toMatchObject({ source: 'command-not-found', fixInWorkspace: true });
    expect(diagnosis!.cause).toContain('"uvicorn"');
  });

  it('crashed on start: a Python traceback, with the file it names read from the workspace', async () => {
    const app = `import os\n\ndef settings():\n    raise RuntimeError("DATABASE_URL is not set")\n\nsettings()\n${SERVE}`;
    const { context, diagnosis, said } = await failAndDiagnose('crash', pythonApp(app));
    expect(diagnosis, said).toMatchObject({ source: 'crashed-on-start', fixInWorkspace: true });
    expect(diagnosis!.cause).toContain('RuntimeError: DATABASE_URL is not set');
    expect(diagnosis!.fix).toMatch(/app\.py line 4/);
    expect(context.files.find((f) => f.path === 'app.py')?.text).toContain('raise RuntimeError');
  });

  it('health check timed out: the health path the app does not serve', async () => {
    const { diagnosis, said } = await failAndDiagnose('health', pythonApp(SERVE), { healthPath: '/health', healthTimeoutMs: 3000 });
    expect(diagnosis, said).toMatchObject({ source: 'health-check-timed-out', fixInWorkspace: false });
    expect(diagnosis!.cause).toMatch(/\/health.*404|404.*\/health/);
    expect(diagnosis!.fix).toContain('healthPath');
  });

  it('health check timed out: the app listens on a port of its own, not $PORT', async () => {
    const app = SERVE.replace('int(os.environ.get("PORT", "8000"))', '9911');
    const { diagnosis, said } = await failAndDiagnose('wrong-port', pythonApp(app), { healthTimeoutMs: 3000 });
    expect(diagnosis, said).toMatchObject({ source: 'health-check-timed-out', fixInWorkspace: true });
    expect(diagnosis!.cause).toContain('never answered');
    expect(diagnosis!.fix).toContain('$PORT');
  });

  it('out of memory: the app allocates past the container limit and is killed (137)', async () => {
    const { diagnosis, said } = await failAndDiagnose('oom', pythonApp(`hog = b"x" * (1536 * 1024 * 1024)\n${SERVE}`));
    expect(diagnosis, said).toMatchObject({ source: 'out-of-memory' });
    expect(diagnosis!.evidence.join('\n')).toMatch(/killed for using more than 1 GiB of memory/);
  });

  it('permission denied: the non-root app writes to a root-owned path', async () => {
    const { diagnosis, said } = await failAndDiagnose('perm', pythonApp(`open("/etc/app-state.json", "w").write("{}")\n${SERVE}`));
    expect(diagnosis, said).toMatchObject({ source: 'permission-denied', fixInWorkspace: true });
    expect(diagnosis!.cause).toContain('/etc/app-state.json');
  });
});
