import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testImage } from '../../../main/adapters/docker/docker.test-support';
import { blueprintToHealthyService, dockerFor, expectWorkingApi } from './languages.test-support';

// Like every Docker integration test: required in CI, skipped with a loud warning elsewhere.
const docker = await dockerFor('rust');

describe.skipIf(!docker)('Rust, end to end offline', () => {
  it('a "Rust REST API" blueprint becomes a Cargo project whose tests pass offline in the Rust sandbox, deployed from a static binary and healthy', { timeout: 180_000 }, async () => {
    // A title that starts with a digit (Cargo refuses such a package name) and fields named like Rust's keywords.
    const journey = await blueprintToHealthyService(docker!, '# 2nd-Hand Library\nA Rust REST API for a small library.\nResources: books (title, author, type), members (name, match)');
    expect(readFileSync(join(journey.dir, 'Cargo.toml'), 'utf8')).toContain('name = "app-2nd-hand-library"');
    expect(existsSync(join(journey.dir, 'Cargo.toml'))).toBe(true);
    expect(existsSync(join(journey.dir, 'package.json'))).toBe(false);
    expect(journey.report.stack).toBe('rust-api');
    expect(journey.dockerfile).toMatch(/FROM .+ AS build[\s\S]*cargo build --release[\s\S]*USER 65534[\s\S]*HEALTHCHECK/);
    await expectWorkingApi(journey, testImage('rust'), { name: 'books', record: { title: 'Dune', author: 'Herbert', type: 'novel' } });
  });
});
