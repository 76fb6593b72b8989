import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testImage } from '../../../main/adapters/docker/docker.test-support';
import { blueprintToHealthyService, dockerFor, expectWorkingApi } from './languages.test-support';

// Like every Docker integration test: required in CI, skipped with a loud warning elsewhere.
const docker = await dockerFor('node');

describe.skipIf(!docker)('Node, end to end offline', () => {
  it('a "Node REST API" blueprint becomes a Node project whose tests pass in the Node sandbox, deployed and healthy', { timeout: 180_000 }, async () => {
    const journey = await blueprintToHealthyService(docker!, '# Library\nA Node.js REST API for a small library.\nResources: books (title, author), members (name)');
    expect(existsSync(join(journey.dir, 'package.json'))).toBe(true);
    expect(journey.report.stack).toBe('node-api');
    await expectWorkingApi(journey, testImage('sandbox'), { name: 'books', record: { title: 'Dune', author: 'Herbert' } });
  });
});
