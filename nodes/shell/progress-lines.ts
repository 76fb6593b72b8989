import type { NodeProgress } from '../sdk';

/** `::progress 3/7 Building the API` (or `::progress 40%`): a command telling the canvas how far it has got. */
const PROGRESS_LINE = /^::progress\s+(\d+(?:\.\d+)?)(?:\s*\/\s*(\d+(?:\.\d+)?)|(%))?(?:\s+(.*))?$/;


/**
 * One line per test as common runners print them: node --test and Jest/Vitest (✔ ✓ / ✖ ✕ ×),
 * TAP (`ok 3`, `not ok 4`), go test -v (`--- PASS:`), pytest -v (`PASSED`).
 */
const PASSED = /^\s*(?:[✔✓]\s|ok \d+\b|--- PASS:)|\sPASSED(?:\s|$)/;
const FAILED = /^\s*(?:[✖✕×]\s|not ok \d+\b|--- FAIL:)|\sFAILED(?:\s|$)/;

/**
 * Reads a command's output as it streams and reports how far it has got: each `::progress`
 * line it prints, or, from a command that prints none, the tests passed so far as a test runner
 * lists them. Output arrives in chunks cut anywhere, so the unfinished last line waits.
 */
export function progressLines(
  report: (progress: NodeProgress) => void,
  /**
   * A line without the escape codes a pty passes through (colours, cursor moves, window titles):
   * `util.stripVTControlCharacters` on the Node side. Handed in because this file stays isomorphic.
   */
  plain: (line: string) => string,
): (chunk: string) => void {
  let pending = '';
  let explicit = false;
  let passed = 0;
  let failed = 0;
  return (chunk) => {
    const lines = (pending + chunk).split(/\r?\n|\r/);
    pending = lines.pop() ?? '';
    for (const raw of lines) {
      const line = plain(raw);
      const m = PROGRESS_LINE.exec(line.trim());
      if (m) {
        explicit = true;
        const label = m[4]?.trim();
        report({ done: Number(m[1]), total: m[3] ? 100 : m[2] !== undefined ? Number(m[2]) : undefined, ...(label ? { label } : {}) });
        continue;
      }
      if (explicit) continue;
      if (FAILED.test(line)) failed++;
      else if (PASSED.test(line)) passed++;
      else continue;
      report({ done: passed, label: `${passed} test${passed === 1 ? '' : 's'} passed${failed ? `, ${failed} failed` : ''} so far` });
    }
  };
}
