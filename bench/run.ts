/**
 * `npm run bench`: every benchmark in turn, or only those named (`npm run bench -- engine`).
 * Each prints its own figures; this only orders them.
 */
const BENCHES: Record<string, () => Promise<{ main(): Promise<void> }>> = {
  engine: () => import('./engine'),
  deploy: () => import('./deploy'),
  ask: () => import('./ask'),
  compose: () => import('./compose'),
  iac: () => import('./iac'),
  languages: () => import('./languages'),
  canvas: () => import('./canvas'),
  'subpipeline-fanout': () => import('./subpipeline-fanout'),
  api: () => import('./api'),
  peers: () => import('./peers'),
  cli: () => import('./cli'),
  memory: () => import('./memory'),
  'local-model': () => import('./local-model'),
};

async function runAll(): Promise<void> {
  const wanted = process.argv.slice(2);
  for (const name of wanted.length ? wanted : Object.keys(BENCHES)) {
    const load = BENCHES[name];
    if (!load) throw new Error(`no benchmark "${name}" (have: ${Object.keys(BENCHES).join(', ')})`);
    console.log(`\n=== bench/${name}`);
    await (await load()).main();
  }
}

runAll().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
