import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { Language } from '../blueprint';

/** The language of the project in `dir`, by the files its tools read, or undefined. */
export function projectLanguage(dir: string): Language | undefined {
  const has = (file: string) => existsSync(path.join(dir, file));
  if (has('go.mod')) return 'go';
  if (has('Cargo.toml')) return 'rust';
  if (has('pom.xml') || has('build.gradle') || has('build.gradle.kts')) return 'java';
  if (has('package.json')) return 'node';
  if (has('requirements.txt') || has('pyproject.toml') || listing(dir).some((f) => f.endsWith('.py'))) return 'python';
  return undefined;
}

function listing(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Files under `dir` (not in dependency or build folders), at most `depth` folders down. */
function anyFile(dir: string, test: (name: string) => boolean, depth = 4): boolean {
  for (const entry of listing(dir)) {
    if (test(entry)) return true;
    if (depth > 0 && !/^(node_modules|target|\.git|\.venv|vendor|build|dist)$/.test(entry)) {
      const child = path.join(dir, entry);
      if (existsSync(child) && !path.extname(entry) && anyFile(child, test, depth - 1)) return true;
    }
  }
  return false;
}

/**
 * The command that runs the project's own tests, or undefined when it has none to run. Without
 * network, Rust and Maven stay offline (their dependencies must already be in the image).
 */
export function defaultTestCommand(dir: string, language: Language, network: boolean): string | undefined {
  switch (language) {
    case 'node': {
      try {
        const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
        const test = pkg.scripts?.test;
        return test && !/no test specified/.test(test) ? 'npm test' : undefined;
      } catch {
        return undefined;
      }
    }
    case 'python': {
      const reqs = ['requirements.txt', 'pyproject.toml'].map((f) => (existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), 'utf8') : '')).join('\n');
      if (!anyFile(dir, (f) => /^test_.*\.py$|^.*_test\.py$/.test(f))) return undefined;
      return /\bpytest\b/i.test(reqs) ? 'python3 -m pytest' : 'python3 -m unittest discover -v';
    }
    case 'go':
      return anyFile(dir, (f) => f.endsWith('_test.go')) ? 'go test -v ./...' : undefined;
    case 'rust':
      return network ? 'cargo test' : 'cargo test --offline';
    case 'java':
      if (existsSync(path.join(dir, 'pom.xml'))) return network ? 'mvn -B test' : 'mvn -B -o test';
      return existsSync(path.join(dir, 'gradlew')) ? './gradlew test --no-daemon' + (network ? '' : ' --offline') : undefined;
  }
}

/** How many tests passed and failed, read from a test runner's output. */
export interface TestCounts {
  passed: number;
  failed: number;
}

const sum = (output: string, pattern: RegExp, group = 1) => [...output.matchAll(pattern)].reduce((n, m) => n + Number(m[group]), 0);

/**
 * Counts from the summary lines of node --test, go test -v, cargo test, Maven Surefire (JUnit),
 * pytest, unittest and Jest/Vitest; undefined when the output has none of them.
 */
export function countTests(output: string): TestCounts | undefined {
  const text = stripVTControlCharacters(output);
  // node --test (spec and TAP reporters)
  if (/^[ℹ#] pass \d+/m.test(text)) return { passed: sum(text, /^[ℹ#] pass (\d+)/gm), failed: sum(text, /^[ℹ#] fail (\d+)/gm) };
  // cargo test: one line per test binary
  if (/^test result: /m.test(text)) return { passed: sum(text, /^test result: \w+\. (\d+) passed/gm), failed: sum(text, /^test result: .*?(\d+) failed/gm) };
  // Surefire: the summary after "Results:" (class lines carry "Time elapsed")
  const surefire = [...text.matchAll(/Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)(?!\d|, Time elapsed)/g)];
  if (surefire.length) {
    const last = surefire[surefire.length - 1].slice(1).map(Number);
    return { passed: last[0] - last[1] - last[2] - last[3], failed: last[1] + last[2] };
  }
  // go test -v: a line per test and subtest
  if (/^\s*--- (PASS|FAIL):/m.test(text)) return { passed: (text.match(/^\s*--- PASS:/gm) ?? []).length, failed: (text.match(/^\s*--- FAIL:/gm) ?? []).length };
  // pytest
  const pytest = /^=+ (.*\b(?:passed|failed|error)\b.*) in [\d.]+s/m.exec(text);
  if (pytest) {
    const count = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(pytest[1])?.[1] ?? 0);
    return { passed: count('passed'), failed: count('failed') + count('errors?') };
  }
  // unittest
  const ran = /^Ran (\d+) tests? in/m.exec(text);
  if (ran) {
    const verdict = /^(?:OK|FAILED)(?: \((.*)\))?\s*$/m.exec(text.slice(ran.index))?.[1] ?? '';
    const count = (word: string) => Number(new RegExp(`${word}=(\\d+)`).exec(verdict)?.[1] ?? 0);
    const failed = count('failures') + count('errors');
    return { passed: Number(ran[1]) - failed - count('skipped'), failed };
  }
  // Jest / Vitest
  const jest = /^\s*Tests:?\s+(.*)$/m.exec(text);
  if (jest && /\d+ (passed|failed)/.test(jest[1])) {
    return { passed: Number(/(\d+) passed/.exec(jest[1])?.[1] ?? 0), failed: Number(/(\d+) failed/.exec(jest[1])?.[1] ?? 0) };
  }
  return undefined;
}
