import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { defineRuntime, imageEnvVar, NodeError, type EndpointValue, type RunContext, type WorkspaceValue } from '../../sdk';
import type { BaseImageKind } from '../../sdk/docker-api';
import { detectStack, PORTS, type Stack } from '../../sdk/node/detect-stack';
import { DOCKERIGNORE, dockerfileAuthor, dockerfileFor } from '../../sdk/node/dockerfile';
import { readWorkspaceFile, readWorkspaceFileSync, workspaceFileExists, writeWorkspaceFile } from '../../sdk/node/workspace-file';
import { iacDefinition, type IacService, type IacTarget } from '../definition';
import { composeFile, envExample } from './compose';
import { kubernetesFiles } from './kubernetes';
import { secretVariables, type IacPlan } from './plan';
import { refineFiles } from './refine';
import { describeProblem, type IacProblem } from './problem';
import { detectServices } from './services';
import { terraformFiles } from './terraform';
import { checkCompose } from './validate-compose';
import { checkTerraformModule } from './validate-hcl';
import { checkManifests } from './validate-k8s';

type Params = ReturnType<typeof iacDefinition.params.parse>;

/** Files Pipewright wrote carry this near the top; one without it is the person's and is kept. */
const MARKER = 'Written by Pipewright';

export interface IacCheck {
  target: IacTarget | 'dockerfile';
  files: string[];
  check: string;
  ok: boolean;
  ms: number;
  problem?: string;
  /** What the check could not cover (a custom resource's fields). */
  note?: string;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 42)
    .replace(/-+$/, '');

/** The app's name from its own files, as a person would call it. */
function appName(dir: string): string {
  const read = (f: string) => readWorkspaceFileSync(dir, f) ?? '';
  let fromFiles: string | undefined;
  try {
    fromFiles = (JSON.parse(read('package.json') || '{}') as { name?: string }).name;
  } catch {
    fromFiles = undefined;
  }
  fromFiles ??= /^name\s*=\s*"([^"]+)"/m.exec(read('pyproject.toml') || read('Cargo.toml'))?.[1];
  fromFiles ??= /^module\s+(\S+)/m.exec(read('go.mod'))?.[1]?.split('/').pop();
  return slug(fromFiles ?? path.basename(dir)) || 'app';
}

/**
 * The image a declared name resolves to: the setting or variable through Docker when it is
 * there, else the variable, else the default (the files are written for wherever they will run).
 */
function imageOf(ctx: RunContext, name: string): string {
  try {
    return ctx.docker.defaultImage(name as BaseImageKind);
  } catch {
    return process.env[imageEnvVar(name)] || (iacDefinition.images?.find((i) => i.name === name)?.default ?? name);
  }
}

function exposedPort(dockerfile: string | undefined): number | undefined {
  const m = dockerfile && /^\s*EXPOSE\s+(\d+)/im.exec(dockerfile);
  return m ? Number(m[1]) : undefined;
}

/** Writes the Dockerfile unless the person has one; returns what was found and what was done. */
async function dockerfile(ctx: RunContext, dir: string): Promise<{ stack?: Stack; existing?: string; note: string }> {
  // Generated code may have left a link, a FIFO or a hard link here: refused, never written through.
  const existing = await readWorkspaceFile(dir, 'Dockerfile');
  let stack: Stack | undefined;
  try {
    stack = detectStack(dir);
  } catch (error) {
    if (existing === undefined) throw error;
  }
  if (existing !== undefined && dockerfileAuthor(existing) !== 'pipewright') return { stack, existing, note: 'kept (yours)' };
  const image = imageOf(ctx, stack!.kind);
  const text = dockerfileFor(stack!, image, (name) => imageOf(ctx, name));
  await writeWorkspaceFile(dir, 'Dockerfile', text);
  if (!(await workspaceFileExists(dir, '.dockerignore'))) await writeWorkspaceFile(dir, '.dockerignore', DOCKERIGNORE);
  return { stack, existing: text, note: `written for a ${stack!.kind} app (${stack!.evidence}), on ${image}` };
}

function plan(dir: string, params: Params, stack: Stack | undefined, existingDockerfile: string | undefined, services: IacService[]): IacPlan {
  const port = params.port ?? stack?.port ?? exposedPort(existingDockerfile) ?? PORTS.node;
  return {
    name: params.name ?? appName(dir),
    language: stack?.kind ?? 'static',
    port,
    hostPort: params.hostPort ?? port,
    healthPath: params.healthPath,
    services,
    cpu: params.cpu,
    memory: params.memory,
    replicas: params.replicas,
  };
}

/** Writes `files` into `dir`, keeping any the person wrote; returns each path with what happened. */
async function writeFiles(dir: string, files: Record<string, string>): Promise<{ path: string; action: 'written' | 'kept (yours)' }[]> {
  const out: { path: string; action: 'written' | 'kept (yours)' }[] = [];
  for (const [rel, text] of Object.entries(files)) {
    const existing = await readWorkspaceFile(dir, rel);
    if (existing !== undefined) {
      const head = existing.split('\n').slice(0, 3).join('\n');
      if (!head.includes(MARKER)) {
        out.push({ path: rel, action: 'kept (yours)' });
        continue;
      }
    }
    await writeWorkspaceFile(dir, rel, text);
    out.push({ path: rel, action: 'written' });
  }
  return out;
}

async function timed(
  target: IacCheck['target'],
  files: string[],
  check: string,
  run: (notes: string[]) => Promise<IacProblem | undefined>,
): Promise<IacCheck> {
  const start = performance.now();
  const notes: string[] = [];
  const problem = await run(notes);
  return {
    target,
    files,
    check,
    ok: !problem,
    ms: Math.round(performance.now() - start),
    ...(problem ? { problem: describeProblem(problem) } : {}),
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}

/** Files under `folder` of `dir` (relative to `dir`) whose names `keep` accepts, a few levels deep. */
function filesUnder(dir: string, folder: string, keep: (name: string) => boolean, depth = 0): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(path.join(dir, folder), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const rel = `${folder}/${e.name}`;
      if (e.isDirectory()) return depth < 3 && !e.name.startsWith('.') ? filesUnder(dir, rel, keep, depth + 1) : [];
      return e.isFile() && keep(e.name) ? [rel] : [];
    });
}

/**
 * Checks the files of each target as they are in `dir` now: those Pipewright wrote and every
 * other one the person keeps beside them (an extra .tf, an HPA manifest): docker-compose's own
 * `config`, Terraform's HCL parser plus provider, variable and secret rules, and the Kubernetes
 * schemas.
 */
export async function checkTargets(ctx: Pick<RunContext, 'pty' | 'signal'>, dir: string, targets: IacTarget[], files: string[], secrets: string[]): Promise<IacCheck[]> {
  const checks: IacCheck[] = [];
  const text = (rel: string) => readWorkspaceFileSync(dir, rel) ?? '';
  if (targets.includes('compose')) {
    checks.push(await timed('compose', ['compose.yaml'], 'docker-compose config; no literal secrets', () => checkCompose(ctx.pty, dir, 'compose.yaml', secrets, ctx.signal)));
  }
  if (targets.includes('terraform')) {
    const tf = [...new Set([...files.filter((f) => f.startsWith('infra/terraform/')), ...filesUnder(dir, 'infra/terraform', (n) => n.endsWith('.tf'))])].filter((f) => f.endsWith('.tf'));
    // One module per folder: variables and providers are shared within a folder only.
    const folders = [...new Set(tf.map((f) => path.posix.dirname(f)))].sort();
    for (const folder of folders) {
      const module = tf.filter((f) => path.posix.dirname(f) === folder);
      checks.push(
        await timed('terraform', module, 'HCL parsed; providers pinned; variables declared; no literal secrets', () =>
          checkTerraformModule(module.map((file) => ({ file, text: text(file) }))),
        ),
      );
    }
  }
  if (targets.includes('kubernetes')) {
    const manifests = [...new Set([...files, ...filesUnder(dir, 'infra/k8s', (n) => /\.ya?ml$/.test(n))])].filter((f) => f.startsWith('infra/k8s/') && /\.ya?ml$/.test(f));
    for (const file of manifests) {
      checks.push(await timed('kubernetes', [file], 'Kubernetes OpenAPI schema; no literal secrets', (notes) => checkManifests(file, text(file), notes)));
    }
  }
  return checks;
}

export const iacRuntime = defineRuntime(iacDefinition, async ({ inputs, params, ctx }) => {
  const ws = inputs.workspace as WorkspaceValue | undefined;
  if (!ws?.path) throw new NodeError('connect a workspace (the app) to the workspace input');
  const dir = ws.path;
  const targets = [...new Set(params.targets)];

  const docker = await dockerfile(ctx, dir);
  ctx.log(`Dockerfile: ${docker.note}\n`, 'info');

  const found = detectServices(dir);
  let services = params.services;
  if (!services) {
    services = found.map((f) => f.service);
    ctx.log(found.length ? `services the app needs: ${found.map((f) => `${f.service} (from ${f.evidence})`).join(', ')}\n` : 'services the app needs: none found\n', 'info');
  }
  if (found.unsupported.length) {
    ctx.log(
      `the app seems to need ${found.unsupported.map((f) => `${f.service} (from ${f.evidence})`).join(', ')}, which iac does not write (it writes PostgreSQL and Redis): add ${found.unsupported.length === 1 ? 'it' : 'them'} to compose.yaml yourself, without Pipewright's first line so the file is kept\n`,
      'stderr',
    );
  }
  const p = plan(dir, params, docker.stack, docker.existing, services);
  const secrets = secretVariables(p);

  const generated: Record<string, string> = {};
  if (targets.includes('compose')) {
    generated['compose.yaml'] = composeFile(p);
    if (secrets.length) generated['.env.example'] = envExample(secrets);
  }
  if (targets.includes('terraform')) Object.assign(generated, terraformFiles(p));
  if (targets.includes('kubernetes')) Object.assign(generated, kubernetesFiles(p));
  const offline = { ...generated };
  const endpoint = inputs.endpoint as EndpointValue | undefined;
  let refined: { changed: string[]; rejected: { path: string; problem: string }[]; ignored: string[] } | undefined;
  if (endpoint) {
    const answer = await refineFiles(ctx, endpoint, p, params.refine, generated);
    Object.assign(generated, answer.changed);
    refined = { changed: Object.keys(answer.changed), rejected: [], ignored: answer.ignored };
    ctx.log(`the model changed ${refined.changed.length ? refined.changed.join(', ') : 'no file'}${answer.ignored.length ? `; ignored files it was not given: ${answer.ignored.join(', ')}` : ''}\n`, 'info');
  }
  const written = await writeFiles(dir, generated);
  for (const w of written) ctx.log(`${w.path}: ${w.action}\n`, 'info');

  let checks = await checkTargets(ctx, dir, targets, Object.keys(generated), secrets);
  if (refined) {
    // A refined file that fails its check gives way to the template's, which is checked again.
    const failedRefined = checks.filter((c) => !c.ok && c.files.some((f) => refined!.changed.includes(f)));
    if (failedRefined.length) {
      const restore: Record<string, string> = {};
      for (const c of failedRefined) {
        for (const f of c.files.filter((file) => refined!.changed.includes(file))) {
          restore[f] = offline[f];
          refined.rejected.push({ path: f, problem: c.problem ?? 'failed its check' });
          ctx.log(`the model's ${f} failed its check (${c.problem}): keeping Pipewright's\n`, 'stderr');
        }
      }
      // Written over whatever the model wrote, even without Pipewright's first line.
      for (const [rel, text] of Object.entries(restore)) await writeWorkspaceFile(dir, rel, text);
      refined.changed = refined.changed.filter((f) => !Object.hasOwn(restore, f));
      checks = await checkTargets(ctx, dir, targets, Object.keys(generated), secrets);
    }
  }
  for (const c of checks) {
    ctx.log(`${c.ok ? '✓' : '✗'} ${c.files.join(', ')}: ${c.check} (${c.ms} ms)${c.problem ? ` — ${c.problem}` : ''}${c.note ? ` — note: ${c.note}` : ''}\n`, c.ok ? 'info' : 'stderr');
  }
  const failed = checks.filter((c) => !c.ok);
  if (failed.length) {
    throw new NodeError(
      `${failed.length === 1 ? 'a file failed its check' : `${failed.length} files failed their checks`}: ${failed[0].problem}`,
      `${failed.map((c) => `${c.problem} (${c.check})`).join('\n')}\nFix the file (or delete it to have it written again) and run the node again.`,
    );
  }

  const report = {
    app: p.name,
    language: p.language,
    port: p.port,
    services: p.services,
    ...(found.unsupported.length ? { unsupportedServices: found.unsupported.map((f) => f.service) } : {}),
    secrets,
    targets,
    files: [{ path: 'Dockerfile', action: docker.note }, ...written],
    checks,
    ...(refined ? { refined } : {}),
  };
  return { workspace: { path: dir }, report };
});
