import { describe, expect, it } from 'vitest';
import { lastBytes, lastLines, OutputTail, terminalText } from './terminal-text';

const ESC = '\x1b';

describe('terminalText', () => {
  it('keeps what a carriage return leaves: the text after the last one on each line', () => {
    expect(terminalText('10%\r50%\r100%\n')).toBe('100%\n');
    expect(terminalText('Downloading 10%\rDone\nnext\n')).toBe('Done\nnext\n');
    expect(terminalText('one\r\ntwo\r\r\nthree')).toBe('one\ntwo\nthree');
    // A carriage return with nothing after it moves the cursor and rewrites nothing.
    expect(terminalText('kept\r')).toBe('kept');
  });

  it('leaves no spinner frame behind, whether redrawn with \\r, backspaces or cursor-up', () => {
    const frames = ['⠋', '⠙', '⠹', '⠸'];
    const carriage = frames.map((f) => `\r${f} Installing dependencies`).join('') + `\r${ESC}[K✔ Installed\n`;
    expect(terminalText(carriage)).toBe('✔ Installed\n');

    const backspaces = `Resolving |\b/\b-\b\\\b done\n`;
    expect(terminalText(backspaces)).toBe('Resolving  done\n');

    // Multi-line spinners erase the lines above and draw them again.
    const redraw = (text: string) => `${ESC}[2K${ESC}[1A${ESC}[2K${ESC}[1A${ESC}[2K${ESC}[G${text}`;
    const multi =
      `${ESC}[?25l⠋ building\n  step 1\n` + redraw('⠙ building\n  step 2\n') + redraw('✔ built\n  3 steps\n') + `${ESC}[?25h`;
    expect(terminalText(multi)).toBe('✔ built\n  3 steps\n');

    // An erased line that nothing is written to afterwards is empty.
    expect(terminalText(`⠸ waiting\r${ESC}[K`)).toBe('');
  });

  it('removes CSI colour and cursor codes and OSC titles and links, keeping the text', () => {
    const raw =
      `${ESC}[31mred${ESC}[0m plain ${ESC}[1;38;2;255;0;0mbold${ESC}[m\n` +
      `${ESC}]0;npm install: title with spaces\x07after title\n` +
      `${ESC}]8;;https://example.com/docs?a=b${ESC}\\the docs${ESC}]8;;${ESC}\\ link\n` +
      `${ESC}[?2004h${ESC}[2J${ESC}[Hcleared\x07 bell\n`;
    expect(terminalText(raw)).toBe('red plain bold\nafter title\nthe docs link\ncleared bell\n');
  });

  it('keeps tabs and text that was erased only after the cursor', () => {
    expect(terminalText(`a\tb\n`)).toBe('a\tb\n');
    expect(terminalText(`kept${ESC}[K and more\n`)).toBe('kept and more\n');
  });

  it('is the identity on plain text', () => {
    const plain = 'line one\n\nline three  \n';
    expect(terminalText(plain)).toBe(plain);
  });
});

describe('lastLines', () => {
  it('returns the last N non-blank lines as a terminal shows them', () => {
    const raw = `${ESC}[32mstep 1${ESC}[0m\r\n\r\n10%\r100%\r\nstep 3   \n\n`;
    expect(lastLines(raw, 2)).toBe('100%\nstep 3');
    expect(lastLines(raw, 10)).toBe('step 1\n100%\nstep 3');
    expect(lastLines(raw, 0)).toBe('');
    expect(lastLines('', 5)).toBe('');
  });

  it('takes the last of many lines', () => {
    const raw = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\r\n');
    expect(lastLines(raw, 3)).toBe('line 98\nline 99\nline 100');
  });
});

describe('lastBytes', () => {
  it('never cuts inside a character', () => {
    expect(lastBytes('abcdef', 3)).toBe('def');
    expect(lastBytes('aé€', 4)).toBe('€');
    expect(lastBytes('aé€', 5)).toBe('é€');
    expect(lastBytes('short', 100)).toBe('short');
  });
});

describe('OutputTail', () => {
  it('keeps the end of a long stream, bounded, clean, and marks that the start is gone', () => {
    const tail = new OutputTail(1024);
    for (let i = 1; i <= 5000; i++) tail.push(`${ESC}[33mline ${i}${ESC}[0m\r\n`);
    const text = tail.text('…');
    expect(text.startsWith('…')).toBe(true);
    expect(Buffer.byteLength(text.slice(1))).toBeLessThanOrEqual(1024);
    expect(text).not.toContain(ESC);
    expect(text.endsWith('line 4999\nline 5000\n')).toBe(true);
    expect(tail.lines(2)).toBe('line 4999\nline 5000');
  });

  it('returns all of a short output unmarked, with progress lines reduced', () => {
    const tail = new OutputTail(1024);
    for (const chunk of ['Compiling', ' 10%\r', 'Compiling 100%', '\r\n', 'done\n']) tail.push(chunk);
    expect(tail.text('…')).toBe('Compiling 100%\ndone\n');
    expect(tail.lines(1)).toBe('done');
  });
});
