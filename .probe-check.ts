import { readdirSync } from 'node:fs';
import { checkGguf } from './main/adapters/local-llm/gguf-check';
async function main() {
  for (const f of readdirSync('/tmp/lm-probe/files')) {
    const t = performance.now();
    const r = await checkGguf(`/tmp/lm-probe/files/${f}`).then((s) => `OK ${JSON.stringify(s)}`, (e: Error) => `${e.name}: ${e.message}`);
    console.log(f, (performance.now() - t).toFixed(1), 'ms', r.slice(0, 200));
  }
}
void main();
