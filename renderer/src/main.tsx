import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/theme.css';
import './styles/layout.css';
import './styles/canvas.css';
import './styles/panels.css';
import './styles/ask.css';
import './styles/layout-tools.css';
import './styles/failures.css';
import './styles/gallery.css';
import './styles/secrets.css';
import './styles/live-values.css';
import { App } from './App';

const container = document.getElementById('root');
if (!container) throw new Error('renderer/index.html has no #root element to render into');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
