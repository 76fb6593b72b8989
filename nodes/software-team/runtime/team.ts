import { NodeError, type ChatMessage } from '../../sdk';
import { planProblem, TEAM_PLAN_JSON_SCHEMA, teamPlanSchema, type TeamPlan } from '../plan';
import { agentHeading, runAgentTask } from './agent';
import { checkpointKey, CheckpointWriter, loadCheckpoint, newCheckpoint, type Checkpoint, type TeamTask } from './checkpoint';
import { CreditsExhausted } from './credits';
import type { TeamSession } from './session';

const DESIGN_FILE = 'DESIGN.md';

function parsePlan(content: string, roles: readonly string[]): TeamPlan | string {
  const json = /```(?:json)?\s*([\s\S]*?)```/.exec(content)?.[1] ?? content;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    return `the answer is not JSON (${(err as Error).message})`;
  }
  const parsed = teamPlanSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `field "${issue.path.map(String).join('.') || '(the answer)'}": ${issue.message}`;
  }
  return planProblem(parsed.data, roles) ?? parsed.data;
}

/** The supervisor's design and task list; a plan that cannot run is sent back once to be fixed. */
async function plan(session: TeamSession): Promise<TeamPlan> {
  const roles = session.templates.map((t) => t.role);
  const template = session.template('supervisor');
  const team = session.templates
    .filter((t) => t.role !== 'supervisor')
    .map((t) => `- ${t.role}: ${t.goal} Owns ${t.owns.join(', ')}.`)
    .join('\n');
  const messages: ChatMessage[] = [
    { role: 'system', content: `${agentHeading(template)}\n\n${template.systemPrompt}\n\nThe team:\n${team}` },
    { role: 'user', content: `# Blueprint\n${session.blueprint}` },
  ];
  session.ctx.log('[supervisor: planning]\n', 'info');
  for (let attempt = 1; ; attempt++) {
    const answer = await session.chat('supervisor', 'plan', messages, { jsonSchema: { name: 'team_plan', schema: TEAM_PLAN_JSON_SCHEMA } });
    const found = parsePlan(answer.content, roles);
    if (typeof found !== 'string') return found;
    if (attempt >= Math.min(2, template.maxRounds)) {
      throw new NodeError(`agent supervisor: the plan cannot run: ${found}; try a stronger model for planning, or fewer roles`, answer.content.slice(0, 2000));
    }
    messages.push({ role: 'assistant', content: answer.content }, { role: 'user', content: `That plan cannot run: ${found}. Answer with the whole corrected JSON.` });
  }
}

/** The error of a failed task, saying which task and whose it was. */
function namingTask(err: unknown, task: TeamTask): unknown {
  const message = (err as Error)?.message ?? String(err);
  if (message.includes(`task "${task.id}"`)) return err;
  return new NodeError(`task "${task.id}" (${task.owner}) failed: ${message}`, err instanceof NodeError ? err.detail : undefined);
}

/** Tester tasks whose reported failures no task has answered yet. */
function unanswered(cp: Checkpoint): string[] {
  return cp.tasks
    .filter((t) => cp.done[t.id]?.failures.length && !cp.tasks.some((other) => other.answers === t.id))
    .map((t) => t.id);
}

/**
 * Runs every task not done yet: a task starts when its dependencies are done, up to
 * `params.parallel` at once. When one fails, no new task starts; those running finish (and
 * are kept), then the failure is thrown.
 */
async function runTasks(session: TeamSession, cp: Checkpoint, writer: CheckpointWriter): Promise<void> {
  const { ctx, params } = session;
  const running = new Map<string, Promise<void>>();
  let failure: unknown;
  const ready = () =>
    cp.tasks.filter((t) => !cp.done[t.id] && !running.has(t.id) && t.dependsOn.every((d) => cp.done[d]));
  for (;;) {
    if (failure === undefined && !ctx.signal.aborted) {
      for (const task of ready()) {
        if (running.size >= params.parallel) break;
        const startedAt = Date.now();
        session.taskState(task, 'running', { startedAt });
        const job = runAgentTask(session, cp.design, task).then(
          async (result) => {
            const finishedAt = Date.now();
            cp.done[task.id] = { ...result, startedAt, finishedAt };
            session.agent(task.owner).tasksDone.push(task.id);
            session.taskState(task, 'done', { finishedAt, summary: result.summary });
            cp.spent = session.credits.snapshot();
            await writer.save(cp);
          },
          (err: unknown) => {
            const stopped = err instanceof CreditsExhausted || ctx.signal.aborted;
            session.taskState(task, stopped ? 'stopped' : 'failed', { finishedAt: Date.now(), error: (err as Error).message });
            failure ??= stopped ? err : namingTask(err, task);
          },
        );
        // A checkpoint that cannot be written ends the run like a failed task.
        const settled = job.catch((err: unknown) => void (failure ??= err));
        running.set(task.id, settled.finally(() => running.delete(task.id)));
      }
    }
    if (!running.size) break;
    await Promise.race(running.values());
  }
  if (failure !== undefined) throw failure;
  if (ctx.signal.aborted) throw ctx.signal.reason;
}

/** Sends failures back to their owners and has the tester check again, in bounded rounds. */
function addFixRound(session: TeamSession, cp: Checkpoint, testers: string[]): void {
  cp.fixRounds++;
  session.report.fixRounds = cp.fixRounds;
  const round = cp.fixRounds;
  for (const testerTask of testers) {
    const failures = cp.done[testerTask].failures;
    const fixIds: string[] = [];
    for (const owner of [...new Set(failures.map((f) => f.owner))]) {
      const outputs = failures.filter((f) => f.owner === owner).map((f) => f.output);
      session.agent(owner).failuresReceived += outputs.length;
      const id = `fix-${round}-${owner}-${testerTask}`.slice(0, 60);
      fixIds.push(id);
      cp.tasks.push({
        id,
        title: `Fix what ${testerTask} found failing (round ${round})`,
        owner,
        dependsOn: [],
        answers: testerTask,
        description: `The tester reported these failures in your code. Fix them; the tester runs the tests again afterwards.\n\n${outputs.map((o) => `\`\`\`\n${o}\n\`\`\``).join('\n\n')}`,
      });
    }
    const tester = cp.tasks.find((t) => t.id === testerTask)!;
    cp.tasks.push({
      id: `retest-${round}-${testerTask}`.slice(0, 60),
      title: `Run the tests again (round ${round})`,
      owner: tester.owner,
      dependsOn: fixIds,
      description: `The owners fixed what you reported (${tester.title}). Run the tests again and report what still fails.`,
    });
  }
}

/**
 * The team with a model: the supervisor plans (or the checkpoint of the same job gives the plan
 * back), the specialists do the tasks, failures go back to their owners. Every finished task
 * is kept in the node's own folder, so a rerun after a crash, a cancel or a budget stop does
 * only what is left.
 */
export async function runTeam(session: TeamSession, stateDir: string): Promise<string> {
  const { ctx, params } = session;
  const key = checkpointKey(session.blueprint, session.templates.map((t) => t.role));
  const writer = new CheckpointWriter(stateDir);
  let cp = await loadCheckpoint(stateDir, key);
  if (cp) {
    session.credits.restore(cp.spent ?? {});
    const done = cp.tasks.filter((t) => cp!.done[t.id]);
    session.report.reused = done.map((t) => t.id);
    session.report.fixRounds = cp.fixRounds;
    ctx.log(`[resuming: ${done.length} of ${cp.tasks.length} tasks were finished by an earlier run and are kept]\n`, 'info');
  } else {
    cp = newCheckpoint(key, await plan(session));
    await session.files.write(DESIGN_FILE, cp.design);
    session.wrote('supervisor', DESIGN_FILE);
    cp.spent = session.credits.snapshot();
    await writer.save(cp);
  }
  for (const task of cp.tasks) {
    const done = cp.done[task.id];
    if (done) session.taskState(task, 'reused', { startedAt: done.startedAt, finishedAt: done.finishedAt, summary: done.summary });
    else session.taskState(task, 'queued');
  }

  try {
    for (;;) {
      await runTasks(session, cp, writer);
      const failing = unanswered(cp);
      if (!failing.length) break;
      if (cp.fixRounds >= params.fixRounds) {
        const last = failing.flatMap((id) => cp!.done[id].failures);
        throw new NodeError(
          `tests still fail after ${cp.fixRounds} fix round${cp.fixRounds === 1 ? '' : 's'} (${[...new Set(last.map((f) => f.owner))].join(', ')}); raise fixRounds, change the blueprint, or try a stronger model`,
          last.map((f) => `${f.owner}:\n${f.output}`).join('\n\n').slice(0, 8000),
        );
      }
      addFixRound(session, cp, failing);
      for (const task of cp.tasks.filter((t) => !cp!.done[t.id])) session.taskState(task, 'queued');
      await writer.save(cp);
    }
  } finally {
    // What was spent counts on the next run of the job, a failed or stopped one's included.
    cp.spent = session.credits.snapshot();
    // The run's own error says more than a checkpoint that could not be written after it.
    await writer.save(cp).catch(() => undefined);
  }
  return cp.design;
}
