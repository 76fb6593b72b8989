import type { ReactNode } from 'react';

/** Text with `names` in backticks, as planners write resource and file names, shown as code. */
export function withInlineCode(text: string): ReactNode[] {
  return text.split(/`([^`\n]+)`/).map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part));
}
