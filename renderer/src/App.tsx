import type { CSSProperties } from 'react';
import { definitions } from '../../nodes/definitions';

// A placeholder until the editor lands: it shows that the renderer bundles the isomorphic
// node definitions, the same objects main runs with.
export function App() {
  return (
    <main style={styles.page}>
      <h1 style={styles.title}>Pipewright</h1>
      <p style={styles.lead}>Node kinds available in this build:</p>
      <ul style={styles.list}>
        {definitions.map((d) => (
          <li key={d.kind} style={styles.item} data-kind={d.kind}>
            <span style={styles.icon} aria-hidden="true">
              {d.icon}
            </span>
            <div>
              <strong>{d.title}</strong> <span style={styles.category}>{d.category}</span>
              <div style={styles.description}>{d.description}</div>
            </div>
          </li>
        ))}
      </ul>
    </main>
  );
}

const styles = {
  page: {
    fontFamily: 'system-ui, sans-serif',
    color: '#e5e7eb',
    background: '#111827',
    minHeight: '100vh',
    margin: 0,
    padding: '2rem',
    boxSizing: 'border-box',
  },
  title: { margin: '0 0 0.5rem', fontSize: '1.75rem' },
  lead: { margin: '0 0 1rem', color: '#9ca3af' },
  list: { listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: '0.5rem', maxWidth: '48rem' },
  item: {
    display: 'flex',
    gap: '0.75rem',
    alignItems: 'flex-start',
    padding: '0.75rem 1rem',
    background: '#1f2937',
    borderRadius: '0.5rem',
  },
  icon: { fontSize: '1.25rem', width: '1.5rem', textAlign: 'center' },
  category: { color: '#a78bfa', fontSize: '0.8rem', marginLeft: '0.25rem' },
  description: { color: '#9ca3af', fontSize: '0.9rem', marginTop: '0.25rem' },
} satisfies Record<string, CSSProperties>;
