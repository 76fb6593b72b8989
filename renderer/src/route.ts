import { useSyncExternalStore } from 'react';

// The open project lives in the URL hash (#/project/<id>), so a reload opens it again and the
// browser's back button returns to the list.

export type Route = { page: 'home' } | { page: 'project'; id: string };

function parse(hash: string): Route {
  const m = /^#\/project\/(.+)$/.exec(hash);
  return m ? { page: 'project', id: decodeURIComponent(m[1]) } : { page: 'home' };
}

let current = parse(location.hash);
const listeners = new Set<() => void>();
window.addEventListener('hashchange', () => {
  current = parse(location.hash);
  for (const l of listeners) l();
});

export function useRoute(): Route {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

export function goHome(): void {
  location.hash = '#/';
}

export function openProject(id: string): void {
  location.hash = `#/project/${encodeURIComponent(id)}`;
}
