import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countTests, defaultTestCommand, projectLanguage } from './project-tests';

// Summaries as each runner prints them (copied from real runs).
const OUTPUTS: [string, string, { passed: number; failed: number }][] = [
  ['node --test', 'ℹ tests 8\nℹ suites 3\nℹ pass 7\nℹ fail 1\nℹ cancelled 0\n', { passed: 7, failed: 1 }],
  [
    'go test -v',
    '=== RUN   TestHealth\n--- PASS: TestHealth (0.00s)\n=== RUN   TestRound\n    --- PASS: TestRound/books (0.00s)\n    --- FAIL: TestRound/members (0.00s)\n--- FAIL: TestRound (0.00s)\nFAIL\n',
    { passed: 2, failed: 2 },
  ],
  [
    'cargo test',
    'running 0 tests\n\ntest result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out\n\nrunning 7 tests\ntest result: FAILED. 6 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n',
    { passed: 6, failed: 1 },
  ],
  [
    'Maven Surefire',
    '[INFO] Tests run: 12, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 2.1 s - in app.ApiTest\n[INFO] Results:\n[INFO] \n[ERROR] Tests run: 12, Failures: 1, Errors: 1, Skipped: 1\n',
    { passed: 9, failed: 2 },
  ],
  ['pytest', '..F.\n=========== 3 passed, 1 failed in 0.12s ===========\n', { passed: 3, failed: 1 }],
  ['unittest', '----------------------------------------------------------------------\nRan 7 tests in 0.538s\n\nFAILED (failures=1, errors=1)\n', { passed: 5, failed: 2 }],
  ['unittest, all passed', 'Ran 4 tests in 0.01s\n\nOK\n', { passed: 4, failed: 0 }],
  ['Jest', 'Tests:       1 failed, 3 passed, 4 total\n', { passed: 3, failed: 1 }],
];

describe('countTests', () => {
  it.each(OUTPUTS)('reads the counts of %s', (_runner, output, counts) => {
    expect(countTests(output)).toEqual(counts);
  });

  it('reads through colours and says nothing when there is no summary', () => {
    expect(countTests('\x1b[32mℹ pass 3\x1b[39m\n\x1b[31mℹ fail 0\x1b[39m\n')).toEqual({ passed: 3, failed: 0 });
    expect(countTests('sh: 1: make: not found\n')).toBeUndefined();
  });
});

describe('a project on disk', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const project = (files: Record<string, string>) => {
    dir = mkdtempSync(join(tmpdir(), 'project-tests-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  };

  it('is known by the files its tools read, and gets its own test command', () => {
    const go = project({ 'go.mod': 'module x\n', 'api/api_test.go': 'package api\n' });
    expect([projectLanguage(go), defaultTestCommand(go, 'go', false)]).toEqual(['go', 'go test -v ./...']);
    const rust = project({ 'Cargo.toml': '[package]\nname = "x"\n' });
    expect([projectLanguage(rust), defaultTestCommand(rust, 'rust', false), defaultTestCommand(rust, 'rust', true)]).toEqual(['rust', 'cargo test --offline', 'cargo test']);
    const java = project({ 'pom.xml': '<project/>' });
    expect([projectLanguage(java), defaultTestCommand(java, 'java', true)]).toEqual(['java', 'mvn -B test']);
    const python = project({ 'app.py': '', 'tests/test_app.py': '', 'requirements.txt': 'pytest\n' });
    expect([projectLanguage(python), defaultTestCommand(python, 'python', false)]).toEqual(['python', 'python3 -m pytest']);
    const node = project({ 'package.json': '{"scripts":{"test":"node --test"}}' });
    expect([projectLanguage(node), defaultTestCommand(node, 'node', false)]).toEqual(['node', 'npm test']);
  });

  it('has no test command when it has no tests yet', () => {
    expect(defaultTestCommand(project({ 'go.mod': 'module x\n', 'main.go': 'package main\n' }), 'go', false)).toBeUndefined();
    expect(defaultTestCommand(project({ 'package.json': '{"scripts":{"test":"echo \\"Error: no test specified\\" && exit 1"}}' }), 'node', false)).toBeUndefined();
    expect(defaultTestCommand(project({ 'app.py': '' }), 'python', false)).toBeUndefined();
    expect(projectLanguage(project({ 'index.html': '' }))).toBeUndefined();
  });
});
