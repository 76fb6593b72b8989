import { useEffect } from 'react';
import type { RunStatus } from '../../../preload/contract';
import { useGraph } from '../state/graph';
import { useProjects } from '../state/projects';
import { useRuns, type RunsState } from '../state/runs';

const APP = 'Pipewright';

const COLOURS: Record<RunStatus | 'idle', string> = {
  idle: '#6366f1',
  running: '#3b82f6',
  succeeded: '#22c55e',
  failed: '#ef4444',
  cancelled: '#9ca3af',
  interrupted: '#f59e0b',
};

/** The tab's icon: a dot of the state's colour; a ring for a run going on, a mark when it ended. */
export function faviconFor(status: RunStatus | 'idle'): string {
  const colour = COLOURS[status];
  const mark =
    status === 'succeeded'
      ? '<path d="M10 16.5l4 4 8-9" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>'
      : status === 'failed'
        ? '<path d="M11 11l10 10M21 11L11 21" stroke="#fff" stroke-width="3" stroke-linecap="round"/>'
        : status === 'running'
          ? '<circle cx="16" cy="16" r="5" fill="#fff"/>'
          : '';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="14" fill="${colour}"/>${mark}</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** `▶ 3/7 · My factory — Pipewright`, `✗ failed · …`, `✓ done · …`: the run on screen, for a tab in the background. */
export function runTitle(project: string | undefined, run: RunsState['current'], nodes: RunsState['nodes']): string {
  const name = project ? `${project} — ${APP}` : APP;
  if (!run) return name;
  switch (run.status) {
    case 'running': {
      const all = Object.values(nodes);
      const done = all.filter((n) => n.status !== 'queued' && n.status !== 'running').length;
      return `▶ ${done}/${all.length} · ${name}`;
    }
    case 'succeeded':
      return `✓ done · ${name}`;
    case 'failed':
      return `✗ failed · ${name}`;
    case 'cancelled':
      return `■ cancelled · ${name}`;
    case 'interrupted':
      return `⚠ interrupted · ${name}`;
  }
}

function setFavicon(href: string): void {
  let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) {
    link = document.createElement('link');
    link.rel = 'icon';
    link.type = 'image/svg+xml';
    document.head.appendChild(link);
  }
  if (link.href !== href) link.href = href;
}

/** Keeps the window title and favicon on the state of the run the editor shows. */
export function useRunTitle(): void {
  const projectId = useGraph((s) => s.projectId);
  const project = useProjects((s) => s.projects.find((p) => p.id === projectId)?.name);
  const title = useRuns((s) => runTitle(project, s.viewing ?? s.current, s.nodes));
  const status = useRuns((s) => (s.viewing ?? s.current)?.status ?? 'idle');
  useEffect(() => {
    document.title = title;
  }, [title]);
  useEffect(() => setFavicon(faviconFor(status)), [status]);
  useEffect(
    () => () => {
      document.title = APP;
      setFavicon(faviconFor('idle'));
    },
    [],
  );
}
