import { describe, expect, it } from 'vitest';
import { readSchemaFile, schemaFileText } from './schema-file';

describe('resources/pipeline.schema.json', () => {
  it('matches the zod document schema (run `npm run schema` after changing it)', () => {
    expect(readSchemaFile(process.cwd())).toBe(schemaFileText());
  });

  it('describes the document fields a template author writes', () => {
    const schema = JSON.parse(schemaFileText());
    expect(schema.required).toEqual(expect.arrayContaining(['format', 'id', 'name', 'nodes', 'edges']));
    expect(schema.properties.format.const).toBe('pipewright/2');
    expect(Object.keys(schema.properties.nodes.items.properties)).toEqual(
      expect.arrayContaining(['id', 'kind', 'version', 'params', 'settings', 'position', 'label', 'disabled']),
    );
  });
});
