import { z } from 'zod';

/** What the supervisor answers: the design and the tasks, each with one owner. */
export const teamPlanSchema = z.object({
  design: z.string().min(1).max(50_000),
  tasks: z
    .array(
      z.object({
        id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$/, 'a task id is letters, digits, -, _ and .'),
        title: z.string().min(1).max(200),
        owner: z.string().min(1).max(40),
        dependsOn: z.array(z.string()).max(50).default([]),
        description: z.string().max(10_000).default(''),
      }),
    )
    .min(1)
    .max(40),
});

export type TeamPlan = z.infer<typeof teamPlanSchema>;
export type PlannedTask = TeamPlan['tasks'][number];

/** The JSON Schema asked of the model (structured output where the server supports it). */
export const TEAM_PLAN_JSON_SCHEMA = z.toJSONSchema(teamPlanSchema, { io: 'input' }) as Record<string, unknown>;

/**
 * Why a plan cannot run with this team, or undefined when it can: owners must take part, ids
 * must be distinct, dependencies must name tasks and must not go round in a circle.
 */
export function planProblem(plan: TeamPlan, roles: readonly string[]): string | undefined {
  const ids = new Set<string>();
  for (const task of plan.tasks) {
    if (ids.has(task.id)) return `two tasks are called "${task.id}"`;
    ids.add(task.id);
  }
  for (const task of plan.tasks) {
    if (!roles.includes(task.owner) || task.owner === 'supervisor') {
      return `task "${task.id}" goes to "${task.owner}", who is not one of the specialists (${roles.filter((r) => r !== 'supervisor').join(', ')})`;
    }
    const unknown = task.dependsOn.find((d) => !ids.has(d));
    if (unknown) return `task "${task.id}" depends on "${unknown}", which is not in the list`;
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const visit = (id: string, path: string[]): string | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return `tasks depend on each other in a circle: ${[...path.slice(path.indexOf(id)), id].join(' → ')}`;
    state.set(id, 'visiting');
    for (const d of byId.get(id)!.dependsOn) {
      const found = visit(d, [...path, id]);
      if (found) return found;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const task of plan.tasks) {
    const found = visit(task.id, []);
    if (found) return found;
  }
  return undefined;
}
