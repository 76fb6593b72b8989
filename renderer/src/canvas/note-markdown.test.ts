import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NoteMarkdown } from './note-markdown';

const html = (text: string) => renderToStaticMarkup(createElement(NoteMarkdown, { text }));

describe('a comment’s Markdown', () => {
  it('shows headings, lists, paragraphs and inline emphasis formatted', () => {
    expect(html('# Deploy\nRun **once**, then `npm test`.\nSecond line\n\n- one *fast*\n- two')).toBe(
      '<h1>Deploy</h1><p>Run <strong>once</strong>, then <code>npm test</code>.<br/>Second line</p><ul><li>one <em>fast</em></li><li>two</li></ul>',
    );
  });

  it('never turns the text of an imported template into markup or links', () => {
    const out = html('<img src=x onerror=alert(1)> [docs](javascript:alert(1))');
    expect(out).toBe('<p>&lt;img src=x onerror=alert(1)&gt; <u>docs</u></p>');
  });
});
