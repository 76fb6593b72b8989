import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_FILE, pipelineJsonSchema } from '../../nodes/sdk';

/** The schema file's text exactly as it should be committed. */
export function schemaFileText(): string {
  return `${JSON.stringify(pipelineJsonSchema(), null, 2)}\n`;
}

/** Rewrites resources/pipeline.schema.json; `npm run schema` calls this. */
export function writeSchemaFile(root: string): string {
  const file = join(root, SCHEMA_FILE);
  writeFileSync(file, schemaFileText());
  return file;
}

export function readSchemaFile(root: string): string {
  return readFileSync(join(root, SCHEMA_FILE), 'utf8');
}

if (process.argv[1]?.endsWith('schema-file.ts') && process.argv.includes('--write')) {
  console.log(`wrote ${writeSchemaFile(process.cwd())}`);
}
