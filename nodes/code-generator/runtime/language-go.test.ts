import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testImage } from '../../../main/adapters/docker/docker.test-support';
import { blueprintToHealthyService, dockerFor, expectWorkingApi } from './languages.test-support';

// Like every Docker integration test: required in CI, skipped with a loud warning elsewhere.
const docker = await dockerFor('go');

describe.skipIf(!docker)('Go, end to end offline', () => {
  it('a "Go REST API" blueprint becomes a Go project whose tests pass in the Go sandbox, deployed from a static binary and healthy', { timeout: 180_000 }, async () => {
    const journey = await blueprintToHealthyService(docker!, '# Library\nA Go REST API for a small library.\nResources: books (title, author), members (name)');
    expect(existsSync(join(journey.dir, 'go.mod'))).toBe(true);
    expect(existsSync(join(journey.dir, 'package.json'))).toBe(false);
    expect(journey.report.stack).toBe('go-api');
    expect(journey.dockerfile).toMatch(/FROM .+ AS build[\s\S]*go build[\s\S]*USER 65534[\s\S]*HEALTHCHECK/);
    await expectWorkingApi(journey, testImage('go'), { name: 'books', record: { title: 'Dune', author: 'Herbert' } });
  });
});
