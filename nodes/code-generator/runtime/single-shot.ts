import { NodeError, type ChatMessage } from '../../sdk';
import { blueprintMessage, FILES_SCHEMA, singleShotSystemPrompt, verifyFailedMessage } from '../prompts';
import { normalizePath, type Session } from './session';

/** Existing files shown to the model whole, up to this much text in all. */
const EXISTING_TEXT_LIMIT = 120_000;

interface FilesAnswer {
  files: { path: string; content: string }[];
  /** Files of the existing project to remove. */
  delete?: string[];
  summary: string;
}

/**
 * The project files from a single-shot answer. Structured output gives bare JSON; a server
 * without it may wrap the JSON in a Markdown fence or a sentence, so the outermost object is
 * taken. Returns a message for the model when the answer cannot be used.
 */
export function parseFilesAnswer(content: string): FilesAnswer | string {
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start === -1 || end <= start) return 'the answer holds no JSON object';
  let parsed: unknown;
  try {
    parsed = JSON.parse(content.slice(start, end + 1));
  } catch (err) {
    return `the answer is not valid JSON (${(err as Error).message})`;
  }
  const files = (parsed as { files?: unknown }).files;
  const deletes = (parsed as { delete?: unknown }).delete ?? [];
  if (!Array.isArray(deletes) || deletes.some((d) => typeof d !== 'string')) return '"delete" must be a list of paths';
  if (!Array.isArray(files) || (!files.length && !deletes.length)) return 'the answer has no "files" list, or it is empty';
  for (const [i, f] of files.entries()) {
    if (typeof f?.path !== 'string' || typeof f?.content !== 'string') {
      return `files[${i}] needs a "path" and a "content", both strings`;
    }
  }
  const summary = (parsed as { summary?: unknown }).summary;
  return { files, ...(deletes.length ? { delete: deletes as string[] } : {}), summary: typeof summary === 'string' ? summary : '' };
}

/** The current files, whole, for a model asked to change existing code. */
async function existingText(session: Session, names: string[]): Promise<string> {
  let budget = EXISTING_TEXT_LIMIT;
  const parts: string[] = [];
  for (const name of names) {
    const content = await session.files.read(name).catch(() => undefined);
    if (content === undefined || content.length > budget || content.includes('\0')) {
      parts.push(`--- ${name} (not shown)`);
      continue;
    }
    budget -= content.length;
    parts.push(`--- ${name}\n${content}`);
  }
  return parts.join('\n');
}

/**
 * Single-shot: the whole project in one structured answer, written to the folder. When the
 * verify command fails, the model gets its output and answers again with the files to change,
 * up to maxRounds.
 */
export async function runSingleShot(session: Session, blueprint: string): Promise<void> {
  const { params, report, ctx } = session;
  const existing = await session.existing();
  const messages: ChatMessage[] = [
    {
      role: 'system',
      content: singleShotSystemPrompt({ stack: params.stack, verifyCommand: params.verifyCommand, existingFiles: existing }),
    },
    { role: 'user', content: blueprintMessage(blueprint, existing.length ? await existingText(session, existing) : '') },
  ];

  for (let round = 1; round <= params.maxRounds; round++) {
    report.rounds = round;
    ctx.log(`\n[round ${round} of ${params.maxRounds}]\n`, 'info');
    ctx.progress?.({ done: round - 1, total: params.maxRounds, label: `round ${round} of ${params.maxRounds}` });
    const answer = await session.chat({ messages, jsonSchema: FILES_SCHEMA });
    messages.push({ role: 'assistant', content: answer.content });
    const parsed = parseFilesAnswer(answer.content);
    if (typeof parsed === 'string') {
      if (round === params.maxRounds) {
        throw new NodeError(`the model's answer could not be used: ${parsed}; try the agent mode, or another model`);
      }
      messages.push({ role: 'user', content: `Your answer could not be used: ${parsed}. Answer again with the JSON only.` });
      continue;
    }

    const refused: string[] = [];
    for (const file of parsed.files) {
      try {
        const refusal = session.refusal(file.path, 'write');
        if (refusal) throw new Error(refusal);
        await session.files.write(file.path, file.content);
        session.ledger.wrote(normalizePath(file.path));
        ctx.log(`\n→ wrote ${file.path}\n`, 'info');
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        refused.push(`${file.path}: ${(err as Error).message}`);
        report.refused.push(file.path);
        ctx.log(`\n✗ ${file.path}: ${(err as Error).message}\n`, 'info');
      }
    }
    for (const gone of parsed.delete ?? []) {
      try {
        const refusal = session.refusal(gone, 'delete');
        if (refusal) throw new Error(refusal);
        await session.files.remove(gone);
        session.ledger.deleted(normalizePath(gone));
        ctx.log(`\n→ deleted ${gone}\n`, 'info');
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        refused.push(`delete ${gone}: ${(err as Error).message}`);
        ctx.log(`\n✗ delete ${gone}: ${(err as Error).message}\n`, 'info');
      }
    }
    report.summary = parsed.summary;

    const verdict = await session.verifyForRetry(round, 'try the agent mode');
    if (!verdict) return;
    const refusals = refused.length ? `\n\nThese files were not written or deleted:\n${refused.join('\n')}` : '';
    messages.push({
      role: 'user',
      content: `${verifyFailedMessage(verdict.command, verdict.exitCode, verdict.output, round + 1, params.maxRounds)}${refusals}\nAnswer with the files to write (whole), as JSON only.`,
    });
  }
}
