import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { urlLinkProvider } from './log-links';
import { useEffect, useRef, useState } from 'react';
import type { TranscriptEntryInfo } from '../../../preload/contract';
import { call } from '../api';
import { isPipelineNode } from '../state/flow-document';
import { useGraph } from '../state/graph';
import { logBook } from '../state/log-book';
import { useNodeRun, useRuns } from '../state/runs';
import { agentTranscripts, messageText, type AgentTranscript } from './agent-transcripts';
import { reportError, useUi } from '../state/ui';
import { useTheme } from '../ui/theme';
import { CloseIcon } from '../ui/icons';
import { errorBlock } from './error-block';

const THEMES = {
  dark: { background: '#0f1115', foreground: '#d8dce6', cursor: '#0f1115', selectionBackground: '#3a4150' },
  light: { background: '#f4f5f8', foreground: '#1b1f27', cursor: '#f4f5f8', selectionBackground: '#cdd2db' },
};

/**
 * The selected node's output in a terminal, live and for past runs. Chunks are written straight
 * from the log book into xterm, never through React state.
 */
export function LogsPanel() {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal>(undefined);
  const theme = useTheme();
  const runId = useRuns((s) => (s.viewing ?? s.current)?.id);
  const nodeId = useGraph((s) => {
    const selected = s.nodes.filter((n) => n.selected && isPipelineNode(n));
    return selected.length === 1 ? selected[0].id : undefined;
  });
  const close = () => useUi.getState().setLogsOpen(false);
  const nodeRun = useNodeRun(nodeId ?? '');
  const status = nodeRun?.status;
  // The error of a failed node ends its log, however little it printed before failing.
  const error = status === 'failed' ? nodeRun?.error : undefined;
  const [agents, setAgents] = useState<AgentTranscript[]>([]);
  /** The open tab: the log (-1) or an agent's conversations. */
  const [tab, setTab] = useState(-1);
  /** Bumped when an agent's tab is opened, so what it said since is read. */
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    setAgents([]);
    setTab(-1);
  }, [runId, nodeId]);
  // The node's conversations with its model, one tab per agent; read again when its state
  // changes or a tab is opened.
  useEffect(() => {
    if (!runId || !nodeId) return;
    let live = true;
    call('runs.transcript', { runId, nodeId })
      .then((entries: TranscriptEntryInfo[]) => live && setAgents(agentTranscripts(entries)))
      .catch(reportError);
    return () => {
      live = false;
    };
  }, [runId, nodeId, status, refresh]);
  const agent = tab >= 0 ? agents[tab] : undefined;

  useEffect(() => {
    const terminal = new Terminal({
      convertEol: true,
      disableStdin: true,
      fontFamily: "'JetBrains Mono', 'DejaVu Sans Mono', ui-monospace, monospace",
      fontSize: 12,
      scrollback: 20_000,
      cursorBlink: false,
      theme: THEMES[theme],
    });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.registerLinkProvider(urlLinkProvider(terminal));
    terminal.open(host.current!);
    term.current = terminal;
    const resize = new ResizeObserver(() => {
      try {
        fit.fit();
      } catch {
        // Not laid out yet.
      }
    });
    resize.observe(host.current!);
    return () => {
      resize.disconnect();
      terminal.dispose();
      term.current = undefined;
    };
  }, [theme]);

  useEffect(() => {
    const terminal = term.current;
    if (!terminal || !runId || !nodeId) return;
    terminal.reset();
    let live = true;
    let unsubscribe: (() => void) | undefined;
    const show = () => {
      for (const c of logBook.chunks(runId, nodeId)) terminal.write(c.chunk);
      if (error) {
        terminal.write(errorBlock(error, logBook.chunks(runId, nodeId)));
        terminal.scrollToBottom();
      } else unsubscribe = logBook.subscribe(runId, nodeId, (c) => terminal.write(c.chunk));
    };
    if (logBook.isComplete(runId)) show();
    else {
      call('runs.logs', { runId })
        .then((chunks) => {
          if (!live) return;
          logBook.fill(runId, chunks);
          show();
        })
        .catch(reportError);
    }
    return () => {
      live = false;
      unsubscribe?.();
    };
  }, [runId, nodeId, theme, error]);

  return (
    <section className="logs" aria-label="Logs">
      <div className="logs-head">
        <strong>Logs</strong>
        <span className="faint mono">{nodeId ? `${nodeId}${runId ? ` · run ${runId.slice(0, 8)}` : ''}` : ''}</span>
        {agents.length > 0 && (
          <div className="logs-tabs" role="tablist" aria-label="Log or an agent's conversations">
            <button role="tab" aria-selected={tab === -1} className={tab === -1 ? 'active' : ''} onClick={() => setTab(-1)}>
              Log
            </button>
            {agents.map((a, i) => (
              <button key={a.title} role="tab" aria-selected={tab === i} className={tab === i ? 'active' : ''} onClick={() => {
                  setTab(i);
                  setRefresh((n) => n + 1);
                }}
                data-testid="agent-tab"
              >
                {a.title}
              </button>
            ))}
          </div>
        )}
        <span className="spacer" />
        <button className="btn ghost icon small" aria-label="Close logs" onClick={close}>
          <CloseIcon size={14} aria-hidden="true" />
        </button>
      </div>
      <div className="logs-body" style={{ position: 'relative' }}>
        <div ref={host} style={{ position: 'absolute', inset: '6px 0 0 10px' }} data-testid="terminal" />
        {agent && (
          <div className="logs-transcript" style={{ position: 'absolute', inset: 0 }} data-testid="agent-transcript">
            {agent.conversations.map((c) => (
              <section key={c.conversation}>
                <h4 className="faint">conversation {c.conversation}</h4>
                {c.messages.map((m, i) => (
                  <div key={i} className={`msg ${m.role}`}>
                    <b>{m.role}</b>
                    <pre>{messageText(m)}</pre>
                  </div>
                ))}
              </section>
            ))}
          </div>
        )}
        {(!nodeId || !runId) && (
          <div className="logs-empty" style={{ position: 'absolute', inset: 0, background: 'var(--bg)' }}>
            {!runId ? 'No run yet: press Run (Ctrl+Enter) and select a node to see what it prints.' : 'Select a node to see its output.'}
          </div>
        )}
      </div>
    </section>
  );
}
