/** Colour and cursor codes a terminal understands and a model or a report does not need. */
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*(?:\x07|\x1b\\)/g;

/**
 * The last `limit` characters of a command's output, as text: terminal codes removed, lines
 * redrawn with `\r` reduced to what they finally showed.
 */
export class OutputTail {
  private text = '';

  constructor(private readonly limit: number) {}

  push(chunk: string): void {
    this.text += chunk;
    // Trimmed in steps, not on every chunk, so a chatty command does not cost a copy per chunk.
    if (this.text.length > this.limit * 4) this.text = this.text.slice(-this.limit * 2);
  }

  value(): string {
    const clean = this.text
      .replace(ANSI, '')
      .replace(/\r\n/g, '\n')
      .split('\n')
      .map((line) => line.slice(line.lastIndexOf('\r') + 1))
      .join('\n');
    return clean.length > this.limit ? `…${clean.slice(-this.limit)}` : clean;
  }
}
