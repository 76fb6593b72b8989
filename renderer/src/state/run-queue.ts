import { create } from 'zustand';
import type { QueuedRunInfo } from '../../../preload/contract';
import { call, onEvent } from '../api';
import { reportError, useUi } from './ui';

/** The runs waiting in main's queue, as main last said. */
export const useRunQueue = create<{ entries: QueuedRunInfo[] }>(() => ({ entries: [] }));

/** Follows main's queue while the editor shows it; returns the unsubscribe. */
export function followRunQueue(): () => void {
  const off = onEvent('queue.changed', (queue) => {
    useRunQueue.setState({ entries: queue.entries });
    if (queue.problem) useUi.getState().toast('error', queue.problem);
  });
  call('queue.list', {})
    .then((queue) => useRunQueue.setState({ entries: queue.entries }))
    .catch(reportError);
  return off;
}

export function removeQueued(id: string): void {
  call('queue.remove', { id }).catch(reportError);
}

export function moveQueuedUp(id: string): void {
  call('queue.moveUp', { id }).catch(reportError);
}
