import { focusNode } from '../state/focus';
import { useRuns } from '../state/runs';
import { useUi } from '../state/ui';
import { firstFailed } from './first-failed';

let watching = false;

/**
 * When the run on screen fails, the node that failed first is selected and centred and the logs
 * open on it, so the person lands on the error instead of hunting for a red box. The chat, when
 * it is the side panel's tab, stays: it shows the failing node's error and Diagnose itself.
 */
export function watchFailures(): void {
  if (watching) return;
  watching = true;
  useRuns.subscribe((s, prev) => {
    const run = s.current;
    if (!run || s.viewing || run.status !== 'failed') return;
    if (prev.current?.id === run.id && prev.current.status === 'failed') return;
    // Only a run seen going from running to failed here; opening a project on an old failure does not jump.
    if (prev.current?.id !== run.id || prev.current.status !== 'running') return;
    const nodeId = firstFailed(s.nodes);
    if (!nodeId) return;
    // A run asked for in the chat reports its failure there, with Diagnose: the chat stays in view.
    focusNode(nodeId, { keepTab: useUi.getState().sideTab === 'chat' });
    useUi.getState().setLogsOpen(true);
  });
}
