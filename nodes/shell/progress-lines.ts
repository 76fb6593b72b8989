import type { NodeProgress } from '../sdk';

/** `::progress 3/7 Building the API` (or `::progress 40%`): a command telling the canvas how far it has got. */
const PROGRESS_LINE = /^::progress\s+(\d+(?:\.\d+)?)(?:\s*\/\s*(\d+(?:\.\d+)?)|(%))?(?:\s+(.*))?$/;

/**
 * Reads a command's output as it streams and reports each `::progress` line it prints. Output
 * arrives in chunks cut anywhere, so the unfinished last line waits for the next chunk.
 */
export function progressLines(report: (progress: NodeProgress) => void): (chunk: string) => void {
  let pending = '';
  return (chunk) => {
    const lines = (pending + chunk).split(/\r?\n|\r/);
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const m = PROGRESS_LINE.exec(line.trim());
      if (!m) continue;
      const label = m[4]?.trim();
      report({ done: Number(m[1]), total: m[3] ? 100 : m[2] !== undefined ? Number(m[2]) : undefined, ...(label ? { label } : {}) });
    }
  };
}
