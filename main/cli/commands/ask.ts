import { Assistant, followRun } from '../../ask/assistant';
import { MAX_QUESTIONS } from '../../ask/planner';
import { ValidationError } from '../../engine/engine';
import { openHost } from '../../host';
import { startRun } from '../../run-pipeline';
import { defaultHome } from '../../store';
import { AskTextSchema, type AskLink, type AskReply, type TemplateManifest } from '../../../preload/contract';
import { UsageError, flag, parseCommand, type OptionTable } from '../args';
import type { In, Io } from '../io';
import { ProgressPrinter } from '../progress';
import { printIssues } from './validate';

const ASK_OPTIONS: OptionTable = {
  project: 'value',
  yes: 'flag',
  json: 'flag',
  endpoint: 'value',
};

type Plan = Extract<AskReply, { kind: 'plan' }>;

/**
 * Lines typed at the terminal, one per call (undefined once input ends). One reader for the
 * whole command: leaving a `for await` over the input would close it, and the next question
 * ("Run it?") would find it closed.
 */
function lineReader(input: In): { read(): Promise<string | undefined>; close(): void } {
  // Made on the first question only: reading the input keeps the process alive until it is closed.
  let chunks: AsyncIterator<string | Uint8Array> | undefined;
  let buffered = '';
  let ended = false;
  const read = async () => {
    chunks ??= input[Symbol.asyncIterator]();
    for (;;) {
      const end = buffered.indexOf('\n');
      if (end >= 0) {
        const line = buffered.slice(0, end).replace(/\r$/, '').trim();
        buffered = buffered.slice(end + 1);
        return line;
      }
      if (ended) {
        const rest = buffered.trim();
        buffered = '';
        return rest || undefined;
      }
      const next = await chunks.next();
      if (next.done) ended = true;
      else buffered += typeof next.value === 'string' ? next.value : Buffer.from(next.value).toString('utf8');
    }
  };
  return { read, close: () => void chunks?.return?.() };
}

function printPlan(io: Io, plan: Plan, changing: boolean): void {
  io.stdout.write(`\n${plan.summary}\n\nSteps:\n`);
  plan.steps.forEach((s, i) => io.stdout.write(`  ${i + 1}. ${s.title}  [${s.kinds.join(', ')}]\n`));
  // Changing an existing project: what the plan does to its pipeline.
  if (changing) {
    const parts = [...plan.added.map((id) => `+ ${id}`), ...plan.changed.map((id) => `~ ${id}`), ...plan.removed.map((id) => `- ${id}`)];
    io.stdout.write(`\nChanges to the pipeline: ${parts.join(', ')}\n`);
  }
  if (plan.note) io.stdout.write(`\n${plan.note}\n`);
}

/** The import-style review of what a confirmed plan will run, read before it runs. */
function printReview(io: Io, manifest: TemplateManifest): void {
  const list = (title: string, items: readonly string[] | undefined) => {
    if (!items?.length) return;
    io.stdout.write(`  ${title}:\n`);
    for (const item of items) io.stdout.write(`    - ${item}\n`);
  };
  io.stdout.write(`\nWhat it will run (${manifest.nodes.length} node${manifest.nodes.length === 1 ? '' : 's'}):\n`);
  list('Commands', manifest.commands);
  list('Images', manifest.images);
  list('Ports', manifest.ports);
  list('Secrets', manifest.secrets);
  list('Endpoints', manifest.endpoints);
  if (manifest.unsandboxed?.length) list('Unsandboxed (run on this machine, outside a sandbox)', manifest.unsandboxed);
  else io.stdout.write('  Every step runs in a sandbox.\n');
}

/**
 * `pipewright ask "<description>"`: a plan from plain words, confirmed at the terminal (or by
 * --yes), run with live progress, ending with the links to what it made.
 */
export async function askCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommand(argv, 'ask', ASK_OPTIONS);
  const text = args.positionals.join(' ').trim();
  if (!text) throw new UsageError('ask needs a description: pipewright ask "a little service where my running club logs our runs, in Node"');
  // The same bounds as the chat's: a description, not a document.
  const checked = AskTextSchema.safeParse(text);
  if (!checked.success) throw new UsageError(`ask: ${checked.error.issues[0].message}`);
  const json = flag(args, 'json') === 'true';
  const yes = flag(args, 'yes') === 'true';
  const project = flag(args, 'project');
  const endpoint = flag(args, 'endpoint');
  // The process's own input unless a caller gives another (main passes none).
  const stdin: In = io.stdin ?? process.stdin;
  const terminal = !!stdin.isTTY && !!io.stdout.isTTY && !json;
  const lines = lineReader(stdin);
  const readLine = lines.read;
  const emit = (event: Record<string, unknown>) => io.stdout.write(`${JSON.stringify(event)}\n`);

  const host = openHost({ home: defaultHome() });
  try {
    const assistant = new Assistant(host);
    // An existing project (by id or name) is changed; any other name names the new one.
    const existing = project ? host.store.projects.list().find((p) => p.id === project || p.name === project) : undefined;
    let sent = await assistant.send({
      text,
      ...(existing ? { projectId: existing.id, pipelineId: existing.mainPipelineId } : project ? { name: project } : {}),
      ...(endpoint ? { endpoint } : {}),
    });
    for (let asked = 0; sent.reply.kind === 'question'; asked++) {
      if (json) emit({ type: 'question', conversationId: sent.conversationId, text: sent.reply.text });
      if (!terminal || asked >= MAX_QUESTIONS) {
        if (!json) io.stdout.write(`${sent.reply.text}\n`);
        assistant.discard(sent.conversationId);
        io.stderr.write('pipewright: the request leaves a question open; put the answer in the description and ask again\n');
        return 1;
      }
      io.stdout.write(`${sent.reply.text}\n> `);
      const answer = await readLine();
      if (!answer) {
        assistant.discard(sent.conversationId);
        return 1;
      }
      sent = await assistant.send({ conversationId: sent.conversationId, text: answer });
    }
    const plan = sent.reply as Plan;
    const { conversationId } = sent;
    if (json) {
      emit({
        type: 'plan',
        conversationId,
        summary: plan.summary,
        steps: plan.steps,
        usedModel: plan.usedModel,
        ...(plan.note ? { note: plan.note } : {}),
        nodes: plan.draft.nodes.map((n) => ({ id: n.id, kind: n.kind })),
        added: plan.added,
        changed: plan.changed,
        removed: plan.removed,
      });
    } else printPlan(io, plan, !!existing);

    if (!yes) {
      if (!terminal) {
        // Nothing to confirm with: the plan is the answer, and nothing was saved or run.
        if (!json) io.stdout.write('\nNot run: confirm with --yes, or run this at a terminal.\n');
        assistant.discard(conversationId);
        return 0;
      }
      io.stdout.write('\nRun it? [y/N] ');
      const answer = (await readLine()) ?? '';
      if (!/^y(es)?$/i.test(answer)) {
        assistant.discard(conversationId);
        io.stdout.write('Discarded; nothing was saved.\n');
        return 0;
      }
    }

    const saved = await assistant.confirm(conversationId);
    const { manifest } = saved;
    if (json) {
      emit({ type: 'confirmed', projectId: saved.projectId, pipelineId: saved.pipelineId });
      emit({ type: 'review', commands: manifest.commands, images: manifest.images, unsandboxed: manifest.unsandboxed ?? [], ports: manifest.ports ?? [], secrets: manifest.secrets, ...(saved.generatedSecret ? { generatedSecret: saved.generatedSecret } : {}) });
    } else {
      io.stdout.write(`\nSaved as project "${saved.projectId}".\n`);
      if (saved.generatedSecret) io.stdout.write(`Generated a random database password and stored it as the secret ${saved.generatedSecret}.\n`);
      printReview(io, manifest);
      io.stdout.write('\nRunning…\n');
    }
    let links: AskLink[] = [];
    const follow = followRun(saved.doc, conversationId, {
      progress: (event) => json && emit({ type: 'progress', ...event }),
      answer: (event) => {
        links = event.links;
        assistant.recordAnswer(saved.projectId, event);
      },
    });
    const printer = new ProgressPrinter(io.stdout, { verbose: false });
    let started;
    try {
      started = startRun(host, {
        doc: saved.doc,
        projectId: saved.projectId,
        onEvent: (event) => {
          follow(event);
          if (!json) printer.handle(event);
        },
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      printer.stop();
      printIssues(io, saved.pipelineId, err.issues, json);
      return 1;
    }
    const { handle, runId } = started;
    const onSigint = () => handle.cancel('cancelled from the terminal');
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigint);
    try {
      const summary = await handle.done;
      host.store.runs.flush();
      printer.stop();
      if (json) {
        emit({ type: 'answer', status: summary.status, projectId: saved.projectId, pipelineId: saved.pipelineId, runId, links });
      } else {
        io.stdout.write(`\n${summary.status === 'succeeded' ? 'Done.' : `The run ${summary.status}.`}\n`);
        for (const link of links) io.stdout.write(`  ${link.label}: ${link.url}\n`);
      }
      return summary.status === 'succeeded' ? 0 : 1;
    } finally {
      printer.stop();
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    }
  } finally {
    lines.close();
    host.close();
  }
}
