import { focusNode } from '../state/focus';
import { useUi } from '../state/ui';

/** Selects the node and opens the logs, which end with its error (LogsPanel). */
export function showError(nodeId: string): void {
  focusNode(nodeId);
  useUi.getState().setLogsOpen(true);
}
