import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PlannedTask, TeamPlan } from '../plan';

/** A task added by the team itself after the plan: a fix for failing tests, or the retest. */
export interface TeamTask extends PlannedTask {
  /** The tester task whose failures this task answers. */
  answers?: string;
}

export interface FinishedTask {
  summary: string;
  startedAt: number;
  finishedAt: number;
  files: string[];
  /** Failures a tester reported, each for the role that owns the failing code. */
  failures: { owner: string; output: string }[];
}

/** What the node keeps between runs: the plan and every finished task. */
export interface Checkpoint {
  version: 1;
  key: string;
  design: string;
  tasks: TeamTask[];
  done: Record<string, FinishedTask>;
  fixRounds: number;
  /** What each role has spent of the team budget on this job, across runs. */
  spent?: Record<string, { tokens: number; dollars: number }>;
}

const FILE = 'team-checkpoint.json';

/** Same blueprint and same roles: the same job, which a rerun continues instead of planning anew. */
export function checkpointKey(blueprint: string, roles: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify([blueprint.trim(), [...roles]])).digest('hex');
}

export function newCheckpoint(key: string, plan: TeamPlan): Checkpoint {
  return { version: 1, key, design: plan.design, tasks: plan.tasks, done: {}, fixRounds: 0 };
}

/** The checkpoint of the same job, or undefined for another job, none or an unreadable one. */
export async function loadCheckpoint(dir: string, key: string): Promise<Checkpoint | undefined> {
  try {
    const found = JSON.parse(await readFile(path.join(dir, FILE), 'utf8')) as Checkpoint;
    return found.version === 1 && found.key === key && Array.isArray(found.tasks) ? found : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Written to a temporary file and renamed over the old one, so a process killed mid-write
 * leaves the previous checkpoint whole. Saves are chained: parallel tasks finish at once.
 */
export class CheckpointWriter {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly dir: string) {}

  save(checkpoint: Checkpoint): Promise<void> {
    const text = JSON.stringify(checkpoint, null, 2);
    this.queue = this.queue.then(async () => {
      const tmp = path.join(this.dir, `${FILE}.tmp`);
      await writeFile(tmp, text);
      await rename(tmp, path.join(this.dir, FILE));
    });
    return this.queue;
  }
}
