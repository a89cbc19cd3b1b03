import { createInterface } from 'node:readline';
import { answerJson } from '../../src/answer/answer-json.js';
import { askKnowledge } from '../../src/answer/ask-knowledge.js';
import { createBot } from '../../src/bot.js';
import { cleanInput } from '../../src/input.js';
import type { KnowledgeBase } from '../../src/knowledge-base.js';
import { silentLogger } from '../../src/logger.js';
import type { Reply } from '../../src/reply.js';
import { renderReply } from '../terminal/render-terminal.js';
import type { CliIo } from './cli-io.js';

export interface AskOptions {
  readonly json: boolean;
  readonly batch: boolean;
}

/** `wharfie ask`: one question from the arguments, or one per stdin line with --batch. */
export async function askCommand(knowledge: KnowledgeBase, question: string, options: AskOptions, io: CliIo): Promise<number> {
  // --batch is for tools: it always prints JSON lines, --json or not.
  if (options.batch) {
    const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
    for await (const line of lines) io.stdout.write(`${JSON.stringify(jsonFor(knowledge, line))}\n`);
    return 0;
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify(jsonFor(knowledge, question), null, 2)}\n`);
    return 0;
  }
  const bot = createBot({ knowledge, log: silentLogger, now: () => new Date() });
  const replies = await bot.handleCommand({
    platform: 'cli',
    user: { id: 'cli', isAdmin: false },
    channel: { id: 'cli', kind: 'terminal' },
    text: question,
  });
  const width = io.columns?.();
  for (const reply of replies) io.stdout.write(`${renderReply(withoutButtons(reply), width ? { color: io.color, width } : { color: io.color })}\n`);
  return 0;
}

/**
 * Buttons mean nothing to a one-shot command, but "not in the notes" promises
 * the nearest topics below it: those become a list to read.
 */
function withoutButtons(reply: Reply): Reply {
  if (reply.kind !== 'not-found' || reply.buttons.length === 0) return { ...reply, buttons: [] };
  const topics = reply.buttons.map((b) => `- ${b.label}`).join('\n');
  return { ...reply, buttons: [], blocks: [...reply.blocks, { kind: 'markdown', markdown: `Nearest topics:\n\n${topics}` }] };
}

function jsonFor(knowledge: KnowledgeBase, raw: string) {
  return answerJson(askKnowledge(knowledge, cleanInput(raw)));
}
