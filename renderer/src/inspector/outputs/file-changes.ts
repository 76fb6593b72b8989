import type { KeptFileInfo } from '../../../../preload/contract';

export type FileChange = 'added' | 'changed' | 'removed' | 'same';

export interface FileRow {
  path: string;
  size: number;
  change?: FileChange;
  /** Why the content was not kept. */
  skipped?: string;
}

/**
 * The files of this run, each marked against the previous run's (by content hash), followed by
 * those the previous run had and this one does not. No marks when there is no previous run.
 */
export function compareFiles(files: KeptFileInfo[], previous?: KeptFileInfo[]): FileRow[] {
  if (!previous) return files.map(({ path, size, skipped }) => ({ path, size, ...(skipped ? { skipped } : {}) }));
  const before = new Map(previous.map((f) => [f.path, f]));
  const now = new Set(files.map((f) => f.path));
  const rows: FileRow[] = files.map(({ path, size, hash, skipped }) => {
    const old = before.get(path);
    const change: FileChange = !old ? 'added' : old.hash === hash && old.size === size ? 'same' : 'changed';
    return { path, size, change, ...(skipped ? { skipped } : {}) };
  });
  for (const f of previous) if (!now.has(f.path)) rows.push({ path: f.path, size: f.size, change: 'removed' });
  return rows.sort((a, b) => a.path.localeCompare(b.path));
}

/** Monaco's language for a file name; plain text when unknown. */
export function languageOf(path: string): string {
  const name = path.split('/').pop() ?? '';
  if (/^dockerfile$/i.test(name) || name.endsWith('.dockerfile')) return 'dockerfile';
  const ext = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  const map: Record<string, string> = {
    js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript', ts: 'typescript', tsx: 'typescript',
    json: 'json', md: 'markdown', py: 'python', html: 'html', htm: 'html', css: 'css', yml: 'yaml', yaml: 'yaml',
    sh: 'shell', go: 'go', rs: 'rust', java: 'java', tf: 'hcl', sql: 'sql', xml: 'xml', toml: 'ini', ini: 'ini',
  };
  return map[ext] ?? 'plaintext';
}
