import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPresent, CHROMIUM } from './support/browser';
import { ROOT } from './support/server';

const SOURCES = ['main', 'preload', 'renderer', 'nodes', 'resources'];
const BUILT = ['out/renderer/index.html', 'out/main/cli.js'];

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * The browser journeys run against the built app (`pipewright serve` serves out/renderer):
 * build it when any source is newer than the build. In CI a missing Chromium fails the run.
 */
export default function setup(): void {
  if (!chromiumPresent()) {
    const message = `e2e: Chromium not found at ${CHROMIUM}: install it with \`apt-get install chromium\` (or set PIPEWRIGHT_CHROMIUM)`;
    if (process.env.CI) throw new Error(`${message}; CI must run the browser journeys`);
    console.warn(`\n${'!'.repeat(100)}\n${message}. SKIPPING every browser journey.\n${'!'.repeat(100)}\n`);
    return;
  }
  const built = BUILT.map((f) => join(ROOT, f));
  const builtAt = built.every((f) => existsSync(f)) ? Math.min(...built.map((f) => statSync(f).mtimeMs)) : 0;
  const sourcesAt = Math.max(...SOURCES.map((d) => newest(join(ROOT, d))));
  if (builtAt >= sourcesAt) return;
  console.log('e2e: the build is older than the sources; running electron-vite build…');
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}
