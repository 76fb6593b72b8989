import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './main/electron/csp';

// The sources are not under src/, so every entry is named here.
const root = __dirname;
const at = (p: string) => resolve(root, p);

/** In `npm run dev`, loosen the page's CSP for Vite's inline refresh preamble and its WebSocket. */
function devCsp(): Plugin {
  return {
    name: 'pipewright:dev-csp',
    apply: 'serve',
    transformIndexHtml: {
      order: 'pre',
      handler(html, ctx) {
        const origin = ctx.server ? new URL(ctx.server.resolvedUrls?.local[0] ?? 'http://localhost:5173').origin : undefined;
        const strict = contentSecurityPolicy();
        if (!html.includes(strict)) {
          throw new Error('renderer/index.html: its CSP meta tag differs from main/electron/csp.ts; make them equal');
        }
        return html.replace(strict, contentSecurityPolicy({ devServer: origin ?? 'http://localhost:5173' }));
      },
    },
  };
}

const config: UserConfig = {
  main: {
    build: {
      outDir: at('out/main'),
      // package.json dependencies stay in node_modules (native addons cannot be bundled);
      // the two addons are named too in case they ever move to optionalDependencies.
      externalizeDeps: { include: ['better-sqlite3', '@lydell/node-pty'] },
      rolldownOptions: {
        // The built-in model's worker thread is an entry of its own (main/adapters/local-llm/model-host.ts starts it).
        input: { index: at('main/electron/main.ts'), cli: at('main/cli.ts'), 'local-model-worker': at('main/adapters/local-llm/worker.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: at('out/preload'),
      // A sandboxed preload can require only 'electron': the contract and zod are bundled in.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: at('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: at('renderer'),
    plugins: [react(), devCsp()],
    build: {
      outDir: at('out/renderer'),
      rolldownOptions: { input: at('renderer/index.html') },
    },
  },
};

export default defineConfig(config);
