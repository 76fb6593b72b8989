import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testImage } from '../../../main/adapters/docker/docker.test-support';
import { blueprintToHealthyService, dockerFor, expectWorkingApi } from './languages.test-support';

// Like every Docker integration test: required in CI, skipped with a loud warning elsewhere.
const docker = await dockerFor('python');

describe.skipIf(!docker)('Python, end to end offline', () => {
  it('a "Python REST API" blueprint becomes a standard-library project whose unittest suite passes in the Python sandbox, deployed and healthy', { timeout: 180_000 }, async () => {
    const journey = await blueprintToHealthyService(docker!, '# Library\nA Python REST API for a small library.\nResources: books (title, author), members (name)');
    expect(existsSync(join(journey.dir, 'app.py'))).toBe(true);
    // Nothing to install: the sandbox has no network and the image no pip.
    expect(readFileSync(join(journey.dir, 'requirements.txt'), 'utf8')).not.toMatch(/^[a-z]/im);
    expect(journey.report.stack).toBe('python-api');
    expect(journey.dockerfile).toMatch(/USER 10001[\s\S]*CMD \["python", "app.py"\]/);
    await expectWorkingApi(journey, testImage('python'), { name: 'books', record: { title: 'Dune', author: 'Herbert' } });
  });
});
