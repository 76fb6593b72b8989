import { Dialog } from '../ui/Dialog';
import { SHORTCUTS } from './shortcuts';

export function ShortcutsHelp({ onClose }: { onClose(): void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <div className="shortcuts">
        {SHORTCUTS.map((s) => (
          <div key={s.what + s.keys.join()} style={{ display: 'contents' }}>
            <span>{s.what}</span>
            <span className="keys">
              {s.keys.map((k) => (
                <span key={k} className="kbd">
                  {k}
                </span>
              ))}
            </span>
          </div>
        ))}
      </div>
    </Dialog>
  );
}
