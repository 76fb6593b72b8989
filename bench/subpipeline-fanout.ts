import { FORMAT, type NodeInstance, type Pipeline } from '../nodes/sdk';
import { Engine } from '../main/engine/engine';
import { MemoryCache } from '../main/engine/memory-cache';
import { registry } from '../main/host';

/*
 * Validating a pipeline whose sub-pipelines fan out: each level uses the next one from ten
 * Pipeline nodes, six levels deep, so the leaf is used 10⁶ times. Each referenced pipeline is
 * validated once per validation, so the time follows the number of pipelines, not of uses.
 * `npx tsx bench/subpipeline-fanout.ts`
 */

const LEVELS = 6;
const USES = 10;

function at(id: string, kind: string, params: Record<string, unknown>): NodeInstance {
  return { id, kind, version: 1, params, position: { x: 0, y: 0 } };
}

function fanOutLevels(): Map<string, Pipeline> {
  const docs = new Map<string, Pipeline>();
  docs.set(`level${LEVELS}`, { format: FORMAT, id: `level${LEVELS}`, name: 'leaf', nodes: [at('t', 'text', { text: 'leaf' })], edges: [] });
  for (let l = LEVELS - 1; l >= 0; l--) {
    const nodes = Array.from({ length: USES }, (_, i) => at(`p${i}`, 'pipeline', { ref: `level${l + 1}` }));
    docs.set(`level${l}`, { format: FORMAT, id: `level${l}`, name: `level ${l}`, nodes, edges: [] });
  }
  return docs;
}

export async function main(): Promise<void> {
  const docs = fanOutLevels();
  let loads = 0;
  const engine = new Engine({
    registry,
    cache: new MemoryCache(),
    pty: { run: () => Promise.reject(new Error('nothing runs in this benchmark')) } as never,
    workspaceRoot: '/nonexistent',
    loadPipeline: (ref) => {
      loads++;
      const doc = docs.get(ref);
      if (!doc) throw new Error(`no pipeline "${ref}"`);
      return doc;
    },
  });
  const times: number[] = [];
  let issues = 0;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    issues = engine.validate(docs.get('level0')!).length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(
    `sub-pipeline fan-out: ${USES} uses a level, ${LEVELS} levels (${(USES ** LEVELS).toLocaleString('en')} leaf uses): ` +
      `validate ${times[2].toFixed(1)} ms (median of 5), ${loads / 5} loads a validation, ${issues} issues`,
  );
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
