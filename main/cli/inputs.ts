import { resolve } from 'node:path';
import { pipelineInterface } from '../../nodes/pipeline/interface';
import type { Pipeline } from '../../nodes/sdk';
import { UsageError } from './args';

/**
 * Turns `--input name=value` pairs into typed run inputs: a workspace input takes a folder
 * path, json inputs take JSON, text inputs take the text as it is.
 */
export function parseInputs(pairs: readonly string[], doc: Pipeline, cwd = process.cwd()): Record<string, unknown> {
  const types = new Map(pipelineInterface(doc).inputs.map((p) => [p.name, p.type]));
  const inputs: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--input expects name=value, got "${pair}"`);
    const name = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    const type = types.get(name);
    if (!type) {
      const known = [...types.keys()];
      throw new UsageError(
        `--input ${name}: "${doc.name}" has no input named "${name}"${known.length ? ` (inputs: ${known.join(', ')})` : ' (it declares no inputs)'}`,
      );
    }
    if (type === 'workspace') inputs[name] = { path: resolve(cwd, raw) };
    else if (type === 'text') inputs[name] = raw;
    else {
      try {
        inputs[name] = JSON.parse(raw);
      } catch {
        if (type === 'json') throw new UsageError(`--input ${name}: expected JSON for a ${type} input, got "${raw}"`);
        inputs[name] = raw;
      }
    }
  }
  return inputs;
}
