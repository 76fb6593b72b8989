import { Fragment, type ReactNode } from 'react';

/*
 * The little Markdown a sticky note needs: headings, bullet lists, paragraphs, **bold**,
 * *italic*, `code`, and [links](…) shown as their text. Built as React elements, never as HTML,
 * so a comment in an imported template cannot put markup or scripts on the page.
 */

// A link's target may hold one level of parentheses, as in a Wikipedia address.
const INLINE = /(\*\*[^*]+\*\*|`[^`]+`|\*[^*\s][^*]*\*|_[^_\s][^_]*_|\[[^\]]+\]\((?:[^()]|\([^()]*\))*\))/g;

function inline(text: string): ReactNode[] {
  return text.split(INLINE).map((part, i) => {
    if (i % 2 === 0) return part;
    if (part.startsWith('**')) return <strong key={i}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`')) return <code key={i}>{part.slice(1, -1)}</code>;
    if (part.startsWith('[')) return <u key={i}>{part.slice(1, part.indexOf(']'))}</u>;
    return <em key={i}>{part.slice(1, -1)}</em>;
  });
}

type Block = { type: 'h1' | 'h2' | 'h3' | 'p'; lines: string[] } | { type: 'ul'; lines: string[] };

function blocks(text: string): Block[] {
  const out: Block[] = [];
  for (const line of text.split('\n')) {
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    const last = out[out.length - 1];
    if (heading) out.push({ type: `h${heading[1].length}` as 'h1' | 'h2' | 'h3', lines: [heading[2]] });
    else if (item) {
      if (last?.type === 'ul') last.lines.push(item[1]);
      else out.push({ type: 'ul', lines: [item[1]] });
    } else if (!line.trim()) out.push({ type: 'p', lines: [] });
    else if (last?.type === 'p' && last.lines.length) last.lines.push(line);
    else out.push({ type: 'p', lines: [line] });
  }
  return out.filter((b) => b.lines.length);
}

export function NoteMarkdown({ text }: { text: string }) {
  return (
    <>
      {blocks(text).map((b, i) => {
        if (b.type === 'ul') {
          return (
            <ul key={i}>
              {b.lines.map((l, j) => (
                <li key={j}>{inline(l)}</li>
              ))}
            </ul>
          );
        }
        const Tag = b.type;
        return (
          <Tag key={i}>
            {b.lines.map((l, j) => (
              <Fragment key={j}>
                {j > 0 && <br />}
                {inline(l)}
              </Fragment>
            ))}
          </Tag>
        );
      })}
    </>
  );
}
