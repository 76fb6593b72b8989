import path from 'node:path';
import type { Language } from '../../sdk/blueprint';
import { projectLanguage } from '../../sdk/node/project-tests';

/** The tools each language's sandbox has and the others lack. */
const TOOLS: [Language, RegExp][] = [
  ['go', /(?:^|[\s;&|(])go\s+(?:test|build|run|vet|mod|fmt|get|install|version)\b|(?:^|[\s;&|(])gofmt\b/],
  ['rust', /(?:^|[\s;&|(])(?:cargo|rustc|rustfmt)\b/],
  ['java', /(?:^|[\s;&|(])(?:mvn|javac|java|jar|gradle)\b/],
  ['python', /(?:^|[\s;&|(])(?:python3?|pytest|pip3?)\b/],
  ['node', /(?:^|[\s;&|(])(?:npm|npx|node|yarn|pnpm)\b/],
];

/**
 * The sandbox for a run_command that names no language: the one whose tools the command calls
 * (`cargo test`), else the language of the folder it goes to (`cd backend && make`) or of the
 * workspace, else Node's. A Go project's `go test` in Node's sandbox would only answer 127.
 */
export function commandLanguage(command: string, workspace: string): Language {
  for (const [language, tool] of TOOLS) if (tool.test(command)) return language;
  const folder = /^\s*cd\s+(?:"([^"]+)"|'([^']+)'|([^\s;&|]+))/.exec(command);
  const rel = folder ? (folder[1] ?? folder[2] ?? folder[3]) : '.';
  const dir = path.resolve(workspace, rel);
  // Only a folder of the workspace says anything about the project.
  const inside = dir === workspace || dir.startsWith(`${workspace}${path.sep}`);
  return (inside ? projectLanguage(dir) : undefined) ?? projectLanguage(workspace) ?? 'node';
}
