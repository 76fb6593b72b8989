import { existsSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { NodeError, waitForHttp, type RunContext, type ServiceValue } from '../../sdk';
import { OutputTail } from '../../sdk/node/terminal-text';
import { detectStack, type Stack } from './detect-stack';
import type { DeployParams } from './params';
import { staticServerNode } from './static-node';
import { STATIC_SERVER_JS } from './static-server';

/** What install and build commands printed, kept for errors. */
const TAIL_BYTES = 64 * 1024;
const ERROR_LINES = 40;

interface Plan {
  /** Commands run to completion first (install, build). */
  prepare: string[];
  start: string;
  env: Record<string, string>;
}

function planFor(stack: Stack, dir: string): Plan {
  const windows = process.platform === 'win32';
  switch (stack.kind) {
    case 'node': {
      const prepare: string[] = [];
      if ((stack.dependencies || stack.build) && !existsSync(join(dir, 'node_modules'))) {
        prepare.push(`${stack.lockfile ? 'npm ci' : 'npm install'} --no-audit --no-fund`);
      }
      if (stack.build) prepare.push('npm run build');
      return { prepare, start: stack.start.join(' '), env: {} };
    }
    case 'python': {
      const venv = join(dir, '.venv');
      const bin = join(venv, windows ? 'Scripts' : 'bin');
      const needsVenv = stack.requirementsFile !== undefined || stack.packages.length > 0;
      const python = windows ? 'python' : 'python3';
      const prepare: string[] = [];
      if (needsVenv && !existsSync(venv)) prepare.push(`${python} -m venv .venv`);
      if (stack.requirementsFile) prepare.push(`"${join(bin, 'pip')}" install -r ${stack.requirementsFile}`);
      else if (stack.packages.length) prepare.push(`"${join(bin, 'pip')}" install ${stack.packages.map((p) => JSON.stringify(p)).join(' ')}`);
      // The venv's bin first: its python, uvicorn, gunicorn, flask win over the system's.
      const env: Record<string, string> = needsVenv ? { PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` } : {};
      const start = needsVenv ? stack.start : stack.start.replace(/^python(?=\s)/, python);
      return { prepare, start, env };
    }
    case 'static':
      return {
        prepare: [],
        start: '"$PIPEWRIGHT_NODE" -e "$PIPEWRIGHT_STATIC_SERVER"',
        env: { PIPEWRIGHT_NODE: staticServerNode(), PIPEWRIGHT_STATIC_SERVER: STATIC_SERVER_JS },
      };
    // Compiled apps: the tool chain builds them here first (it must be installed on this machine).
    case 'go':
      return { prepare: [`go build -o .pipewright-app${windows ? '.exe' : ''} ${stack.main}`], start: join(dir, `.pipewright-app${windows ? '.exe' : ''}`), env: {} };
    case 'rust':
      return { prepare: [`cargo build --release --bin ${stack.binary}`], start: join(dir, 'target', 'release', stack.binary), env: {} };
    case 'java':
      return { prepare: ['mvn -B -DskipTests package'], start: 'java -jar "$(ls target/*.jar | grep -v -e -sources -e -javadoc | head -n 1)"', env: {} };
  }
}

/** Where the software team puts the app (its backend, or a site alone), beside the Dockerfile that builds it from there. */
const APP_FOLDERS = ['backend', 'frontend'];

/**
 * The app to run and its folder: the workspace's own, or else, when the workspace has a
 * Dockerfile beside the app's folder (the software team's backend/), the app in that folder.
 */
function stackOrExplain(dir: string, why: string): { stack: Stack; dir: string } {
  try {
    return { stack: detectStack(dir), dir };
  } catch (err) {
    if (existsSync(join(dir, 'Dockerfile')) && err instanceof NodeError) {
      for (const folder of APP_FOLDERS) {
        const sub = join(dir, folder);
        if (!existsSync(sub)) continue;
        try {
          return { stack: detectStack(sub), dir: sub };
        } catch {
          // Not an app either: the Dockerfile alone is what there is.
        }
      }
      throw new NodeError(
        `this workspace has only a Dockerfile, which needs Docker (${why})`,
        'Start Docker, or add a package.json, requirements.txt or index.html so the app can run as a local process.',
      );
    }
    throw err;
  }
}

/**
 * Installs what the app needs (under a pseudo-terminal), starts it as a local service
 * (detached, recorded, its output in a log file) and health-checks it. There is no sandbox:
 * the log says so first.
 */
export async function deployLocally(ctx: RunContext, workspace: string, params: DeployParams, why: string): Promise<ServiceValue> {
  const { stack, dir } = stackOrExplain(workspace, why);
  ctx.log(
    `running without Docker (${why}): the app runs as a local process on this machine, UNSANDBOXED — it can read and write whatever your user can\n`,
    'info',
  );
  if (dir !== workspace) ctx.log(`the workspace's Dockerfile needs Docker: running the ${stack.kind} app in ${relative(workspace, dir)}/ instead\n`, 'info');
  // One app per node: the container it ran with runtime docker goes.
  if (await ctx.docker.removeService()) ctx.log('removed the container this node ran with Docker: the app runs as a local process now\n', 'info');
  // Its port is asked for again below: the app keeps its URL across runs.
  const previous = await ctx.services.current();
  await ctx.services.stopPrevious();
  const plan = planFor(stack, dir);
  const port = await ctx.services.port({ wanted: params.port, previous });
  const env = { ...params.env, ...plan.env, PORT: String(port), HOST: '127.0.0.1' };

  for (const command of plan.prepare) {
    ctx.log(`$ ${command}\n`, 'info');
    const tail = new OutputTail(TAIL_BYTES);
    const result = await ctx.pty.run({
      command,
      cwd: dir,
      env,
      signal: ctx.signal,
      onData: (c) => {
        tail.push(c);
        ctx.log(c, 'stdout');
      },
    });
    if (result.exitCode !== 0) {
      throw new NodeError(`\`${command}\` exited with code ${result.exitCode}`, tail.lines(ERROR_LINES) || '(it printed nothing)');
    }
  }

  ctx.log(`$ ${stack.kind === 'static' ? 'serve the folder with Node' : plan.start}\n`, 'info');
  const url = `http://127.0.0.1:${port}`;
  const name = `local-${ctx.projectId}-${ctx.placeId ?? ctx.nodeId}`;
  // Detached and recorded: a kept app outlives the run and the Pipewright process (pipewright run).
  const app = await ctx.services.start({
    name,
    command: plan.start,
    cwd: dir,
    env,
    url,
    keep: params.keep,
    onOutput: (c) => ctx.log(c, 'stdout'),
  });

  const healthUrl = url + (params.healthPath.startsWith('/') ? params.healthPath : `/${params.healthPath}`);
  try {
    const health = await waitForHttp({
      url: healthUrl,
      timeoutMs: params.healthTimeoutMs,
      signal: ctx.signal,
      stopped: async () => {
        const exit = app.exited();
        if (!exit) return undefined;
        return exit.code !== null ? `it exited with code ${exit.code}` : `it was ended by ${exit.signal}`;
      },
    });
    if (!health.ok) {
      const what =
        health.why === 'stopped'
          ? `the app stopped before answering on ${params.healthPath}: ${health.stoppedReason}`
          : `the app did not answer 2xx on ${healthUrl} within ${Math.round(params.healthTimeoutMs / 1000)} s (last try: ${health.last})`;
      const tail = app.logs(ERROR_LINES);
      throw new NodeError(what, tail ? `its last output:\n${tail}` : 'it printed nothing');
    }
    ctx.log(`answered ${health.status} on ${params.healthPath} after ${health.ms} ms: ${url}\n`, 'info');
  } catch (err) {
    await app.stop();
    throw err;
  } finally {
    // From here on its output goes to its log file only (Services, `pipewright services logs`).
    app.detach();
  }
  return { url, name };
}
