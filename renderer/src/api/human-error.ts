import { isCallName } from '../../../preload/contract';
import { withArticle } from '../state/plain-issues';

/**
 * An error as a person should read it. Main names the call that failed (`runs.start: …`) for
 * its own logs and for API clients; in the window that name is noise, and a few engine phrases
 * need plain words.
 */
export function humanMessage(text: string): string {
  let message = text.trim();
  const prefix = /^([a-zA-Z]+(?:\.[a-zA-Z]+)+): /.exec(message);
  if (prefix && isCallName(prefix[1])) message = message.slice(prefix[0].length);
  const refused = /^the request does not match the contract: (.*)$/s.exec(message);
  if (refused) {
    // What the schema said about the field is the useful part; "contract" is a word of the code.
    return `Pipewright refused this request (${refused[1]}); if it keeps happening, reload the page`;
  }
  message = message
    // A run refused for problems (the CLI prints the engine's words; here the node and the need).
    .replace(
      /node "([^"]+)" \((?:"([^"]+)", )?[^)]*\): input "([^"]+)" \([^)]*\) needs an edge; connect it or disable the node/g,
      (_, id: string, label: string | undefined, port: string) =>
        `${label ?? id} needs ${withArticle(port)}: connect an output to its "${port}" input, or disable the node`,
    )
    .replace(/^engine error: /, 'Pipewright could not run this step (an internal problem, please report it): ')
    .replace(/timed out after (\d+) ms; raise timeoutMs if it needs longer/, (_, ms: string) => `took longer than its timeout (${seconds(Number(ms))}); raise the node's timeout if it needs longer`);
  return message;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** The text of anything thrown, made human. */
export function errorMessage(err: unknown): string {
  return humanMessage(err instanceof Error ? err.message : String(err));
}
