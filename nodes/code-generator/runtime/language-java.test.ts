import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testImage } from '../../../main/adapters/docker/docker.test-support';
import { blueprintToHealthyService, dockerFor, expectWorkingApi } from './languages.test-support';

// Like every Docker integration test: required in CI, skipped with a loud warning elsewhere.
const docker = await dockerFor('java');

describe.skipIf(!docker)('Java, end to end offline', () => {
  it('a "Java REST API" blueprint becomes a Maven project whose JUnit tests pass in the Java sandbox, deployed on a JRE and healthy', { timeout: 180_000 }, async () => {
    const journey = await blueprintToHealthyService(docker!, '# Library\nA REST API in Java for a small library.\nResources: books (title, author), members (name)');
    expect(existsSync(join(journey.dir, 'pom.xml'))).toBe(true);
    expect(existsSync(join(journey.dir, 'package.json'))).toBe(false);
    expect(journey.report.stack).toBe('java-api');
    expect(journey.dockerfile).toMatch(/FROM .+ AS build[\s\S]*mvn -B -DskipTests package[\s\S]*USER 65534[\s\S]*HEALTHCHECK/);
    await expectWorkingApi(journey, testImage('java'), { name: 'books', record: { title: 'Dune', author: 'Herbert' } });
  });
});
