import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBot, type Bot, type BotDeps } from '../../src/bot.js';
import type { CommandEvent } from '../../src/events.js';
import { KnowledgeBase } from '../../src/knowledge-base.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { silentLogger } from '../../src/logger.js';
import type { Reply } from '../../src/reply.js';
import { testUsage } from './usage.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const NOTES_DIR = path.join(ROOT, 'knowledge');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

let notes: Promise<KnowledgeBase> | undefined;
/** The team's notes as shipped, loaded once per test file. */
export function notesKnowledge(): Promise<KnowledgeBase> {
  notes ??= loadKnowledge([{ name: 'notes', dir: NOTES_DIR }]).then((k) => new KnowledgeBase(k));
  return notes;
}

/** A bot over the shipped notes, spoken to like a chat: `await chat.say('/docker help')`. */
export async function testChat(overrides: Partial<BotDeps> = {}) {
  const recorded = testUsage();
  const bot: Bot = createBot({
    knowledge: await notesKnowledge(),
    log: silentLogger,
    now: () => new Date('2026-11-29T10:00:00Z'),
    usage: recorded.usage,
    ...overrides,
  });
  const who = { platform: 'terminal' as const, user: { id: 'U1', name: 'ada', isAdmin: false }, channel: { id: 'C1', kind: 'channel' as const } };
  return {
    bot,
    usage: recorded,
    get votes() {
      return recorded.store.readVotes(0);
    },
    say: (text: string): Promise<readonly Reply[]> => bot.handleCommand({ ...who, text } satisfies CommandEvent),
    press: (action: string): Promise<readonly Reply[]> => bot.handleAction({ ...who, action }),
  };
}

/** All the text a reply shows, for assertions. */
export function textOf(reply: Reply): string {
  return [
    reply.title ?? '',
    ...reply.blocks.map((b) => (b.kind === 'fields' ? b.fields.map((f) => `${f.label}: ${f.value}`).join('\n') : 'markdown' in b ? b.markdown : b.text)),
  ].join('\n');
}
