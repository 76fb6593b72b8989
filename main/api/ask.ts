import type { CallHandlers } from '../../preload/contract';

type Handlers<K extends keyof CallHandlers> = Pick<CallHandlers, K>;

const notYet = (): never => {
  throw new Error('Ask is not available in this build yet: describe the app from the CLI with `pipewright ask` once it lands');
};

/** Ask's calls; the planner and the conversation store plug in here. */
export function askHandlers(): Handlers<'ask.send' | 'ask.confirm' | 'ask.discard' | 'ask.history'> {
  return { 'ask.send': notYet, 'ask.confirm': notYet, 'ask.discard': notYet, 'ask.history': notYet };
}
