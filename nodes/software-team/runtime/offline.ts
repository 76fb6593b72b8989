import { existsSync } from 'node:fs';
import path from 'node:path';
import { NodeError, type RunContext } from '../../sdk';
import { guessStack, languageOf, parseBlueprint, STACK_LANGUAGE, type Blueprint, type OfflineStack } from '../../sdk/blueprint';
import { scaffoldFiles, writeScaffold, type ScaffoldManifest } from '../../sdk/node/scaffolds';
import { softwareTeamDefinition } from '../definition';
import { hasOfflineDockerfile, offlineDockerfile, TEAM_DOCKERIGNORE } from './offline-dockerfiles';
import { countCommand } from './report';
import type { TeamSession } from './session';
import { workspaceFileExists, writeWorkspaceFile } from '../../sdk/node/workspace-file';

/** Words by which a blueprint asks for pages people use, beside the API. */
const WANTS_UI = /\b(ui|user interface|frontend|front-end|front end|web ?site|web ?page|web app|dashboard|pages?|screens?|html)\b/i;

interface Part {
  role: 'backend' | 'frontend';
  stack: OfflineStack;
  folder: string;
  manifest?: ScaffoldManifest;
}

const LANGUAGE: Record<OfflineStack, string> = {
  'node-api': 'JavaScript (Node.js)',
  'python-api': 'Python (standard library)',
  'go-api': 'Go (standard library)',
  'java-api': 'Java (JDK HTTP server, Maven)',
  'rust-api': 'Rust (standard library, cargo)',
  'static-site': 'HTML and CSS, served by Node.js',
};

function designOf(bp: Blueprint, parts: Part[], dockerfile: boolean): string {
  const partLines = [
    ...parts.map((p) => `- \`${p.folder}/\` — ${p.role}, ${LANGUAGE[p.stack]}`),
    ...(dockerfile ? [`- \`Dockerfile\` — devops: the ${parts[0].role} as a container, non-root, with a health check`] : []),
  ];
  const routes = bp.resources.map(
    (r) => `- \`/${r.name}\` (${r.label}): GET list, POST create${r.fields.length ? ` (requires ${r.fields.join(', ')})` : ''}; GET, PUT, DELETE \`/${r.name}/<id>\``,
  );
  const sections = [`# ${bp.title}`, bp.description, `## Parts\n\n${partLines.join('\n')}`];
  // A static site alone has pages, not an API.
  if (parts.some((p) => p.role === 'backend')) sections.push(`## Interface\n\n\`GET /health\` answers \`{"ok":true}\`.\n\n${routes.join('\n')}`);
  return `${sections.join('\n\n')}\n`;
}

/** The configured image called `name` (settings, then PIPEWRIGHT_IMAGE_<NAME>), or its public default without Docker. */
function imageOf(ctx: RunContext, name: string): string {
  try {
    return ctx.docker.defaultImage(name);
  } catch {
    const declared = softwareTeamDefinition.images!.find((i) => i.name === name);
    if (!declared) throw new Error(`the software team declares no image called "${name}"`);
    return declared.default;
  }
}

/**
 * The team without a model: the supervisor's design from the blueprint, the backend and (when
 * the blueprint asks for one) a static frontend from the offline scaffolds, the tester running
 * each part's tests, and devops writing the Dockerfile. Each step is a task with its events.
 */
export async function runOfflineTeam(session: TeamSession, { connected = false } = {}): Promise<string> {
  const { ctx, blueprint, cwd } = session;
  const named = languageOf(blueprint);
  if (named && 'unsupported' in named) {
    throw new NodeError(
      `input "blueprint" asks for ${named.unsupported}, which the offline team has no scaffold for: it makes backends in Node, Python, Go, Java and Rust, and static frontends`,
      'Name one of those languages in the blueprint, or connect a model (mode auto or model) for other languages.',
    );
  }
  const bp = parseBlueprint(blueprint);
  const guessed = guessStack(blueprint);
  const roles = new Set(session.templates.map((t) => t.role));
  const parts: Part[] = [];
  if (guessed !== 'static-site') parts.push({ role: 'backend', stack: guessed, folder: 'backend' });
  if (guessed === 'static-site' || WANTS_UI.test(blueprint)) parts.push({ role: 'frontend', stack: 'static-site', folder: 'frontend' });
  for (const part of parts.filter((p) => !roles.has(p.role))) {
    ctx.log(`[the blueprint asks for a ${part.role}, but "${part.role}" is not in param "roles": it is left out]\n`, 'info');
  }
  const present = parts.filter((p) => roles.has(p.role));
  if (!present.length) {
    throw new NodeError(`param "roles": the offline team needs backend or frontend to make anything from this blueprint; add one of them`);
  }
  session.report.stack = present.map((p) => p.stack).join(' + ');
  const design = designOf(bp, present, roles.has('devops') && hasOfflineDockerfile(present[0].stack));

  if (connected) {
    // Existing code is not merged with a scaffold: say what is replaced, as the code generator does.
    const writes = [
      'DESIGN.md',
      ...(roles.has('devops') ? ['Dockerfile'] : []),
      ...(await Promise.all(present.map(async (p) => (await scaffoldFiles(p.stack)).map((f) => `${p.folder}/${f}`)))).flat(),
    ];
    const replaced = writes.filter((f) => existsSync(path.join(cwd, f)));
    if (replaced.length) {
      ctx.log(`[the offline team replaces ${replaced.join(', ')} in the connected workspace; commit your own versions first to keep them in its history]\n`, 'info');
    }
  }

  const tasks = [
    { id: 'design', title: 'Design the parts and their interface', owner: 'supervisor' },
    ...present.map((p) => ({ id: p.role, title: `Make the ${p.role} (${p.stack}) in ${p.folder}/`, owner: p.role })),
    ...(roles.has('tester') ? [{ id: 'test', title: 'Run every part\'s tests', owner: 'tester' }] : []),
    ...(roles.has('devops') ? [{ id: 'dockerfile', title: 'Write the Dockerfile', owner: 'devops' }] : []),
  ];
  for (const task of tasks) session.taskState(task, 'queued');
  const step = async (id: string, work: () => Promise<string>) => {
    const task = tasks.find((t) => t.id === id);
    if (!task) return;
    const startedAt = Date.now();
    session.taskState(task, 'running', { startedAt });
    try {
      const summary = await work();
      session.agent(task.owner).tasksDone.push(id);
      session.taskState(task, 'done', { finishedAt: Date.now(), summary });
    } catch (err) {
      session.taskState(task, 'failed', { finishedAt: Date.now(), error: (err as Error).message });
      throw err;
    }
  };

  await step('design', async () => {
    await writeWorkspaceFile(cwd, 'DESIGN.md', design);
    session.wrote('supervisor', 'DESIGN.md');
    return `${present.length} part${present.length === 1 ? '' : 's'}, ${bp.resources.length} resource${bp.resources.length === 1 ? '' : 's'}`;
  });
  // The parts own separate folders, so they are made at the same time.
  await Promise.all(
    present.map((part) =>
      step(part.role, async () => {
        const { files, manifest } = await writeScaffold(part.stack, bp, path.join(cwd, part.folder));
        part.manifest = manifest;
        for (const f of files) session.wrote(part.role, `${part.folder}/${f}`);
        return `${manifest.title}: ${files.length} files`;
      }),
    ),
  );
  await step('test', async () => {
    const tester = session.agent('tester');
    const results: string[] = [];
    for (const part of present) {
      const runner = await session.commands(STACK_LANGUAGE[part.stack]);
      const command = `cd ${part.folder} && ${part.manifest!.test}`;
      const result = await runner.run(command, { timeoutMs: 10 * 60_000 });
      countCommand(tester, result);
      if (result.exitCode === 127) {
        // The sandbox lacks the part's language: say so rather than call the code broken.
        ctx.log(`[the ${part.role}'s tests did not run: \`${part.manifest!.test}\` is not in the sandbox image; set the sandbox image to one with it]\n`, 'info');
        results.push(`${part.role}: not run`);
        continue;
      }
      if (result.exitCode !== 0) {
        // Maven fetches its plugins on first use: a public image without them needs the network.
        const hint =
          STACK_LANGUAGE[part.stack] === 'java' && runner.sandboxed && !session.params.network
            ? "\n(The sandbox has no network: if Maven could not fetch its plugins, turn on the node's network param.)"
            : '';
        throw new NodeError(`the ${part.role}'s tests fail (\`${command}\` exited with ${result.exitCode}) on the offline scaffold`, `${result.output}${hint}`);
      }
      results.push(`${part.role}: passed`);
    }
    return results.join(', ');
  });
  await step('dockerfile', async () => {
    const main = present[0];
    const text = offlineDockerfile(main.stack, cwd, main.folder, (name) => imageOf(ctx, name));
    if (!text) {
      ctx.log(`[no offline Dockerfile for ${main.stack}; Build & Deploy writes one when it builds the workspace]\n`, 'info');
      return 'no Dockerfile for this stack';
    }
    await writeWorkspaceFile(cwd, 'Dockerfile', text);
    session.wrote('devops', 'Dockerfile');
    if (!(await workspaceFileExists(cwd, '.dockerignore'))) {
      await writeWorkspaceFile(cwd, '.dockerignore', TEAM_DOCKERIGNORE);
      session.wrote('devops', '.dockerignore');
    }
    return `Dockerfile for the ${main.role} (${main.stack})`;
  });
  return design;
}
