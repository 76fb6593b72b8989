import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NodeError, waitForHttp, type RunContext, type ServiceValue } from '../../sdk';
import { assistantFiles } from './assistant-files';
import { launchDetached, serverRunning, stopLabelled, stopServer } from './detached-process';
import { installExtensions } from './install-extensions';
import { findCodeServer, INSTALL_HINT } from './local-install';
import { choosePort, portOf } from './local-ports';
import { logTail } from './log-tail';
import { filePassword, hashPassword, storedPassword, whereToFind, type Password } from './password';
import { configHash, sharedConfig, type Prepared } from './prepare';
import { canReadLabels, labelEnv, labelledProcesses, roots, type LabelledProcess } from './process-labels';
import type { WorkspaceParams } from './params';
import { writeGeneratedFiles } from './write-files';

const REUSE_CHECK_MS = 3000;
const ERROR_LINES = 40;

/** The environment code-server runs in: a home of its own, so its config and the assistant's stay apart from yours. */
function serverEnv(home: string, password: Password, labels: Record<string, string>): Record<string, string> {
  return {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    HASHED_PASSWORD: hashPassword(password.value),
    ...labels,
  };
}

interface Registration {
  name: string;
  url: string;
  pid: number;
  instance: string;
  logFile: string;
}

/**
 * Servers whose Services entry is being replaced by the entry of a run that reuses them: the
 * old entry goes (stopPrevious) without stopping the server it shares with the new one.
 */
const handingOver = new Set<string>();

/** Lists the server in Services (one entry per server: an earlier run's entry for it is replaced). */
async function register(ctx: RunContext, params: WorkspaceParams, r: Registration): Promise<void> {
  const { projectId, nodeId } = ctx;
  handingOver.add(r.instance);
  try {
    await ctx.services.stopPrevious();
  } finally {
    handingOver.delete(r.instance);
  }
  const service = {
    name: r.name,
    url: r.url,
    pid: r.pid,
    stop: async () => {
      if (!handingOver.has(r.instance)) await stopServer({ projectId, nodeId, instance: r.instance, pid: r.pid });
    },
    logs: () => logTail(r.logFile, 1000),
  };
  if (params.keep) await ctx.services.keep(service);
  else await ctx.services.holdForRun(service);
}

/** A running server of this node with the same configuration that answers, if there is one. */
async function reusable(found: LabelledProcess[], hash: string, signal: AbortSignal): Promise<LabelledProcess | undefined> {
  for (const p of found) {
    if (p.labels.config !== hash || !p.labels.url || !p.labels.state) continue;
    const check = await waitForHttp({ url: `${p.labels.url}/healthz`, timeoutMs: REUSE_CHECK_MS, signal });
    if (check.ok) return p;
  }
  return undefined;
}

/**
 * code-server as a process on this machine: started detached so it outlives the run and the
 * Pipewright process that started it, found again by the labels in its environment, reused
 * while its configuration is unchanged.
 */
export async function runLocal(ctx: RunContext, prepared: Prepared, params: WorkspaceParams): Promise<ServiceValue> {
  const install = findCodeServer();
  if (!install) throw new NodeError(`runtime is local, but code-server is not installed: ${INSTALL_HINT}`, 'Or set runtime to docker.');
  const name = `vscode-${ctx.projectId}-${ctx.nodeId}`;
  const stored = await storedPassword(ctx);
  const hash = configHash({
    ...sharedConfig(prepared, params),
    runtime: 'local',
    command: install.command,
    password: stored ? hashPassword(stored.value) : 'per-server file',
  });

  const found = roots(await labelledProcesses(ctx.projectId, ctx.nodeId));
  const reuse = await reusable(found, hash, ctx.signal);
  const reusedPassword = reuse ? (stored ?? (await filePassword(reuse.labels.state!, false))) : undefined;
  if (reuse && reusedPassword) {
    const url = reuse.labels.url!;
    // Workspace files follow every run (an upstream node may have made the folder afresh).
    const files = assistantFiles({ ...params, ...prepared, homeInServer: join(reuse.labels.state!, 'home') });
    await writeGeneratedFiles(files.filter((f) => f.root === 'workspace'), { workspace: prepared.workspace, home: '', data: '' });
    ctx.log(`reusing VS Code (same configuration, answering): ${url}\nthe password is in ${whereToFind(reusedPassword)}\n`, 'info');
    await register(ctx, params, { name, url, pid: reuse.pid, instance: reuse.labels.instance ?? '', logFile: reuse.labels.log ?? '' });
    return { url, name };
  }
  for (const p of found) {
    ctx.log(`replacing the VS Code on ${p.labels.url ?? `pid ${p.pid}`}: ${p.labels.config === hash ? 'it does not answer' : 'its configuration changed'}\n`, 'info');
  }
  await stopLabelled(ctx.projectId, ctx.nodeId);
  await ctx.services.stopPrevious();
  if (!canReadLabels()) {
    ctx.log(`note: on ${process.platform} a VS Code left by an earlier Pipewright session cannot be found again; stop it from that session's Services list\n`, 'info');
  }

  const state = await ctx.workspace('code-server');
  const dirs = { home: join(state, 'home'), data: join(state, 'data'), extensions: join(state, 'extensions') };
  await Promise.all(Object.values(dirs).map((d) => mkdir(d, { recursive: true, mode: 0o700 })));
  const password = stored ?? (await filePassword(state, true))!;
  await writeGeneratedFiles(assistantFiles({ ...params, ...prepared, homeInServer: dirs.home }), {
    home: dirs.home,
    data: dirs.data,
    workspace: prepared.workspace,
  });
  // A config file of our own: without one code-server writes a default holding a plain password.
  const configFile = join(state, 'code-server.yaml');
  await writeFile(configFile, 'auth: password\n');
  await installExtensions(ctx, install, prepared, dirs);

  const port = await choosePort(params, portOf(found[0]?.labels.url));
  const url = `http://127.0.0.1:${port}`;
  const instance = randomUUID();
  const logFile = join(state, 'code-server.log');
  const labels = labelEnv({
    project: ctx.projectId,
    node: ctx.nodeId,
    run: ctx.runId,
    instance,
    config: hash,
    name,
    url,
    keep: String(params.keep),
    state,
    log: logFile,
  });
  const argv = [
    ...install.command,
    '--config', configFile,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'password',
    '--disable-telemetry',
    '--disable-update-check',
    // Without it the folder opens in Restricted Mode and the assistant stays inactive.
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', dirs.data,
    '--extensions-dir', dirs.extensions,
    prepared.workspace,
  ];
  ctx.log(`starting code-server (${install.where}) on ${url}\n`, 'info');
  let pid: number | undefined;
  try {
    pid = await launchDetached(ctx, { argv, cwd: prepared.workspace, env: serverEnv(dirs.home, password, labels), logFile });
    const started = pid;
    const health = await waitForHttp({
      url: `${url}/healthz`,
      timeoutMs: params.startTimeoutMs,
      signal: ctx.signal,
      stopped: async () => ((await serverRunning(started)) ? undefined : 'it exited'),
    });
    if (!health.ok) {
      const tail = logTail(logFile, ERROR_LINES);
      const what =
        health.why === 'stopped'
          ? `code-server stopped before answering on ${url}`
          : `code-server did not answer on ${url}/healthz within ${Math.round(params.startTimeoutMs / 1000)} s (last try: ${health.last}); raise startTimeoutMs if this machine is slow`;
      throw new NodeError(what, tail ? `its last output:\n${tail}` : 'it printed nothing');
    }
    ctx.log(`VS Code answered after ${health.ms} ms: ${url}\nsign in with the password in ${whereToFind(password)}\n`, 'info');
  } catch (err) {
    // Nothing half-started stays behind, kept or not: not on failure, not on cancel (which may
    // come while the launcher runs, before its PID is known: the labels find the server then).
    await stopServer({ projectId: ctx.projectId, nodeId: ctx.nodeId, instance, pid: pid ?? 0 });
    throw err;
  }
  await register(ctx, params, { name, url, pid: pid!, instance, logFile });
  return { url, name };
}
