import { EditorChat } from '../ask/EditorChat';
import { Inspector } from '../inspector/Inspector';
import { RunHistory } from '../runs/RunHistory';
import { ServicesPanel } from '../services/ServicesPanel';
import { useRuns } from '../state/runs';
import { useUi, type SideTab } from '../state/ui';

const TABS: { id: SideTab; label: string }[] = [
  { id: 'inspector', label: 'Inspector' },
  { id: 'runs', label: 'Runs' },
  { id: 'services', label: 'Services' },
  { id: 'chat', label: 'Chat' },
];

export function SidePanel() {
  const tab = useUi((s) => s.sideTab);
  const setTab = useUi((s) => s.setSideTab);
  const runCount = useRuns((s) => s.history.length);
  return (
    <aside className="side">
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t.id} role="tab" className="tab" aria-selected={tab === t.id} onClick={() => setTab(t.id)}>
            {t.label}
            {t.id === 'runs' && runCount > 0 && <span className="count">{runCount}</span>}
          </button>
        ))}
      </div>
      <div className="side-body" role="tabpanel">
        {tab === 'inspector' && <Inspector />}
        {tab === 'runs' && <RunHistory />}
        {tab === 'services' && <ServicesPanel />}
        {tab === 'chat' && <EditorChat />}
      </div>
    </aside>
  );
}
