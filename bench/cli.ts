import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/*
 * CLI start-up: how long `pipewright list` takes from spawn to exit, on the built CLI
 * (`node out/main/cli.js`, what bin/pipewright.cjs runs), against a data folder holding a few
 * saved pipelines, and `pipewright validate` of a template beside it (it opens the engine).
 * `npx tsx bench/cli.ts`; BENCH_BUILD=1 builds first (`electron-vite build`),
 * as does a missing build. Node's own start (`node -e 0`) is printed beside it.
 */

const ROOT = resolve(__dirname, '..');
const CLI = join(ROOT, 'out', 'main', 'cli.js');
const SPAWNS = Number(process.env.BENCH_SPAWNS ?? 31);
const GOAL_MS = 150;

function build(): void {
  console.log('building the CLI (electron-vite build)…');
  const done = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 5 * 60_000 });
  if (done.status !== 0 || !existsSync(CLI)) throw new Error(`electron-vite build failed (exit ${done.status ?? done.signal}); see the errors above`);
}

/** Milliseconds from spawn to exit, one spawn at a time. */
function timeSpawns(args: string[], env: NodeJS.ProcessEnv, count: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const began = process.hrtime.bigint();
    const done = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    const ms = Number(process.hrtime.bigint() - began) / 1e6;
    if (done.status !== 0) throw new Error(`node ${args.join(' ')} exited ${done.status ?? done.signal}: ${done.stderr.toString().trim()}`);
    times.push(ms);
  }
  return times.sort((a, b) => a - b);
}

const at = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];

export async function main(): Promise<void> {
  if (process.env.BENCH_BUILD === '1' || !existsSync(CLI)) build();
  const home = mkdtempSync(join(tmpdir(), 'pipewright-bench-cli-'));
  try {
    const env = { ...process.env, PIPEWRIGHT_HOME: home };
    const templates = join(ROOT, 'resources', 'templates');
    const saved = readdirSync(templates)
      .filter((f) => f.endsWith('.json'))
      .slice(0, 5);
    for (const file of saved) {
      const done = spawnSync(process.execPath, [CLI, 'import', join(templates, file)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      if (done.status !== 0) throw new Error(`pipewright import ${file}: ${done.stderr.toString().trim()}`);
    }
    const listed = spawnSync(process.execPath, [CLI, 'list'], { env, encoding: 'utf8' });
    if (listed.status !== 0 || listed.stdout.trim().split('\n').length < saved.length) {
      throw new Error(`pipewright list did not list the ${saved.length} saved pipelines:\n${listed.stdout}${listed.stderr}`);
    }
    timeSpawns([CLI, 'list'], env, 3); // the page cache, not the CLI, decides the first spawns
    const node = timeSpawns(['-e', '0'], env, SPAWNS);
    const list = timeSpawns([CLI, 'list'], env, SPAWNS);
    // A command that opens the engine (every node kind) without running anything.
    const validate = timeSpawns([CLI, 'validate', join(templates, saved[0])], env, SPAWNS);
    console.log(`built CLI, ${saved.length} saved pipelines, ${SPAWNS} spawns of each one after another`);
    console.log(`  pipewright list: median ${at(list, 0.5).toFixed(0)} ms (fastest ${list[0].toFixed(0)}, 90th percentile ${at(list, 0.9).toFixed(0)})`);
    console.log(`  pipewright validate ${saved[0]}: median ${at(validate, 0.5).toFixed(0)} ms (fastest ${validate[0].toFixed(0)})`);
    console.log(`  node -e 0 on this machine: median ${at(node, 0.5).toFixed(0)} ms`);
    // Load on a shared machine stretches every spawn alike: the ratio to a bare Node start, and
    // what Pipewright adds to it, say more than the absolute figure in a busy window.
    const ratio = at(list, 0.5) / at(node, 0.5);
    console.log(`  list ÷ node -e 0: ×${ratio.toFixed(1)} (list adds ${(at(list, 0.5) - at(node, 0.5)).toFixed(0)} ms); validate ÷ node -e 0: ×${(at(validate, 0.5) / at(node, 0.5)).toFixed(1)}`);
    console.log(`goal for list ≤ ${GOAL_MS} ms: ${at(list, 0.5) <= GOAL_MS ? 'met' : 'MISSED'} (load average now ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
