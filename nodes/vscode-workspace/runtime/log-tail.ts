// Colour and cursor codes out of what errors show; matching control characters is the point.
// eslint-disable-next-line no-control-regex
const CSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** The last `lines` non-blank lines of terminal output, colour codes left out. */
export function lastLines(text: string, lines: number): string {
  return text
    .replace(CSI, '')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(-lines)
    .join('\n');
}
