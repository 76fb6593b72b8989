import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPty } from '../main/adapters/pty/pty';
import { iacDefinition, IAC_TARGETS, type IacTarget } from '../nodes/iac/definition';
import { iacRuntime, type IacCheck } from '../nodes/iac/runtime';
import { createTestRunContext } from '../nodes/test-context.test-support';

/*
 * The iac node on a Python API with PostgreSQL: generation + validation time per target
 * (compose: docker-compose config; terraform: two modules parsed by hcl2json and checked;
 * kubernetes: manifests against the schemas). The first run of each target pays the one-off
 * loads (hcl2json's WASM, the schema validators); the rest are warm. `npm run bench -- iac`
 */

const REPEATS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function main(): Promise<void> {
  const t = await createTestRunContext({ pty: createPty(), nodeId: 'bench-iac' });
  try {
    const dir = join(t.root, 'shop');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'README.md'), '# Shop\n\nOrders kept in PostgreSQL.\n');
    await writeFile(join(dir, 'requirements.txt'), 'psycopg2-binary==2.9.9\n');
    await writeFile(join(dir, 'app.py'), 'print("shop")\n');

    const rows: string[] = [];
    for (const target of IAC_TARGETS as readonly IacTarget[]) {
      const totals: number[] = [];
      const checks: number[] = [];
      for (let i = 0; i <= REPEATS; i++) {
        const start = performance.now();
        const out = await iacRuntime.run({ inputs: { workspace: { path: dir } }, params: iacDefinition.params.parse({ targets: [target] }), ctx: t.ctx });
        const ms = performance.now() - start;
        const checked = (out.report as { checks: IacCheck[] }).checks.reduce((sum, c) => sum + c.ms, 0);
        if (i === 0) rows.push(`${target.padEnd(11)} first run ${ms.toFixed(0).padStart(5)} ms (checks ${checked} ms)`);
        else {
          totals.push(ms);
          checks.push(checked);
        }
      }
      rows.push(`${target.padEnd(11)} warm      ${median(totals).toFixed(0).padStart(5)} ms median of ${REPEATS} (checks ${median(checks)} ms)`);
    }
    for (const row of rows) console.log(row);
  } finally {
    await t.dispose();
  }
}
