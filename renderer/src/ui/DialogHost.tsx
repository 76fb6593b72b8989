import { lazy, Suspense } from 'react';
import { ShortcutsHelp } from '../help/ShortcutsHelp';
import { QuickAdd } from '../palette/QuickAdd';
import { RevisionDialog } from '../runs/RevisionDialog';
import { ProblemsDialog } from '../runs/ProblemsDialog';
import { useUi } from '../state/ui';
import { ImportReview } from '../templates/ImportReview';
import { ExportDialog } from '../templates/ExportDialog';
import { ConfirmDialog, PromptDialog } from './SimpleDialogs';

const SettingsDialog = lazy(() => import('../settings/SettingsDialog'));

/** Shows the one dialog open at a time. */
export function DialogHost() {
  const dialog = useUi((s) => s.dialog);
  const close = useUi((s) => s.closeDialog);
  if (!dialog) return null;
  switch (dialog.type) {
    case 'settings':
      return (
        <Suspense fallback={null}>
          <SettingsDialog onClose={close} section={dialog.section} />
        </Suspense>
      );
    case 'help':
      return <ShortcutsHelp onClose={close} />;
    case 'quick-add':
      return <QuickAdd onClose={close} />;
    case 'revision':
      return <RevisionDialog onClose={close} />;
    case 'problems':
      return <ProblemsDialog onClose={close} />;
    case 'review':
      return <ImportReview dialog={dialog} onClose={close} />;
    case 'confirm':
      return <ConfirmDialog {...dialog} onClose={close} />;
    case 'prompt':
      return <PromptDialog {...dialog} onClose={close} />;
    case 'export':
      return <ExportDialog {...dialog} onClose={close} />;
  }
}
