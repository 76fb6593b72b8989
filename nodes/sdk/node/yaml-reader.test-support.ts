import { createRequire } from 'node:module';

// A reader other than the writer, so a test checks the YAML and not the library against itself:
// js-yaml, as the LiteLLM stand-in uses. It ships no types, hence the require.
const jsYaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

/** The data a YAML document holds, as an independent reader sees it. */
export function readYaml(text: string): unknown {
  return jsYaml.load(text);
}
