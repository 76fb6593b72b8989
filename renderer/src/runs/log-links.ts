import type { ILinkProvider, Terminal } from '@xterm/xterm';

/** Where each http(s) URL sits in a line of text: 0-based start, length. */
export function urlRanges(line: string): { start: number; url: string }[] {
  const found: { start: number; url: string }[] = [];
  for (const m of line.matchAll(/https?:\/\/[^\s"'<>`]+/g)) {
    let url = m[0];
    // Punctuation that ends a sentence, and a closing bracket the URL did not open, are not part of it.
    for (;;) {
      const trimmed = url.replace(/[.,;:!?]+$/, '');
      const unbalanced = /[)\]]$/.test(trimmed) && (trimmed.match(/[([]/g)?.length ?? 0) < (trimmed.match(/[)\]]/g)?.length ?? 0);
      const next = unbalanced ? trimmed.slice(0, -1) : trimmed;
      if (next === url) break;
      url = next;
    }
    if (url.length > 'https://'.length) found.push({ start: m.index, url });
  }
  return found;
}

/**
 * Makes every URL printed in a log clickable (a deployed app's address, a workspace's): it
 * opens outside the editor, like the links of the Output tab.
 */
export function urlLinkProvider(terminal: Terminal): ILinkProvider {
  return {
    provideLinks(y, callback) {
      const text = terminal.buffer.active.getLine(y - 1)?.translateToString(true) ?? '';
      const links = urlRanges(text).map(({ start, url }) => ({
        text: url,
        range: { start: { x: start + 1, y }, end: { x: start + url.length, y } },
        decorations: { underline: true, pointerCursor: true },
        activate: () => void window.open(url, '_blank', 'noopener,noreferrer'),
      }));
      callback(links.length ? links : undefined);
    },
  };
}
