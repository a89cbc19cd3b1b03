import { truncate } from '../../src/input.js';
import type { Block as ReplyBlock, Reply } from '../../src/reply.js';
import { codeBlock, escapeMrkdwn, markdownToMrkdwn } from './mrkdwn.js';
import { defuseBroadcasts, slackLink } from './slack-text.js';

/**
 * A core reply as a Block Kit message, within Slack's limits: section text
 * ≤ 3,000 characters (long text split at lines, never inside a code fence),
 * ≤ 50 blocks, ≤ 10 context elements, button text ≤ 75, `action_id` ≤ 255,
 * `value` ≤ 2,000. All text is escaped exactly once, the top-level `text`
 * (the notification and screen-reader line) too; see slack-text.ts.
 */
export const LIMITS = { sectionText: 3_000, blocks: 50, contextElements: 10, buttonText: 75, actionId: 255, value: 2_000, fallbackText: 3_000, buttonsPerRow: 5 } as const;
/** Every Wharfie button's action_id starts with this; the value carries the action. */
export const ACTION_PREFIX = 'wharfie';

export type SlackBlock = Record<string, unknown>;

export interface SlackMessage {
  readonly text: string;
  readonly blocks: SlackBlock[];
}

export function renderBlockKit(reply: Reply): SlackMessage {
  const blocks: SlackBlock[] = [];
  const heading = reply.trail && reply.trail.length > 0 ? reply.trail.join(' › ') : reply.title;
  if (heading) blocks.push(section(`*${escapeMrkdwn(heading)}*`));
  if (reply.question) blocks.push(context([`You asked: ${escapeMrkdwn(truncate(reply.question, 300))}`]));
  for (const part of reply.blocks) blocks.push(...renderBlock(part));
  if (reply.source?.url) blocks.push(context([slackLink(reply.source.url, `Open ${escapeMrkdwn(reply.source.label)}`)]));
  blocks.push(...buttonRows(reply));
  return { text: escapeMrkdwn(truncate(reply.summary, LIMITS.fallbackText)), blocks: capBlocks(blocks) };
}

function renderBlock(part: ReplyBlock): SlackBlock[] {
  switch (part.kind) {
    case 'markdown':
      return splitMrkdwn(markdownToMrkdwn(part.markdown)).map(section);
    case 'code':
      return splitMrkdwn(codeBlock(part.text)).map(section);
    case 'context':
      return [context([markdownToMrkdwn(part.markdown)])];
    case 'fields':
      return chunk(part.fields, 10).map((fields) => ({
        type: 'section',
        fields: fields.map((f) => ({ type: 'mrkdwn', text: fitText(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, 2_000) })),
      }));
  }
}

function buttonRows(reply: Reply): SlackBlock[] {
  const buttons = reply.buttons.map((button, i) => ({
    type: 'button',
    text: { type: 'plain_text', text: fitText(button.label, LIMITS.buttonText), emoji: true },
    action_id: `${ACTION_PREFIX}:${i}`.slice(0, LIMITS.actionId),
    value: button.action.slice(0, LIMITS.value),
    ...(button.style ? { style: button.style } : {}),
  }));
  return chunk(buttons, LIMITS.buttonsPerRow).map((elements) => ({ type: 'actions', elements }));
}

/**
 * Cut to Slack's limit, then defuse: a cut can end a word early and turn
 * `@everyoneelse` into a broadcast `@everyone…`. Defusing adds a character, so
 * cut again, shorter, until it fits.
 */
function fitText(text: string, max: number): string {
  let limit = max;
  let out = defuseBroadcasts(truncate(text, limit));
  // The limit only shrinks, so this ends: at worst with "…" alone.
  while (out.length > max && limit > 1) {
    limit = Math.max(1, limit - (out.length - max));
    out = defuseBroadcasts(truncate(text, limit));
  }
  return out;
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function context(texts: string[]): SlackBlock {
  return { type: 'context', elements: texts.slice(0, LIMITS.contextElements).map((text) => ({ type: 'mrkdwn', text: fitText(text, 2_000) })) };
}

/**
 * Splits mrkdwn into section-sized pieces at line breaks. A piece that ends
 * inside a code fence closes it, and the next piece reopens it, so no block
 * ever shows half a fence; a line longer than a piece is cut.
 */
export function splitMrkdwn(text: string, limit: number = LIMITS.sectionText): string[] {
  const FENCE = '```';
  const pieces: string[] = [];
  let lines: string[] = [];
  let size = 0;
  let inFence = false;
  const isFence = (line: string): boolean => line.trimStart().startsWith(FENCE);
  const hasContent = (): boolean => lines.length > (inFence ? 1 : 0);
  const flush = (): void => {
    if (hasContent()) pieces.push(lines.join('\n') + (inFence ? `\n${FENCE}` : ''));
    lines = inFence ? [FENCE] : [];
    size = inFence ? FENCE.length : 0;
  };
  const push = (line: string): void => {
    size += (lines.length > 0 ? 1 : 0) + line.length;
    lines.push(line);
  };
  for (const original of text.split('\n')) {
    const togglesFence = isFence(original);
    let line = original;
    for (;;) {
      // Room for this line, plus the closing fence if this piece is (or is about to be) inside one.
      const closing = inFence || togglesFence ? FENCE.length + 1 : 0;
      const room = limit - size - (lines.length > 0 ? 1 : 0) - closing;
      if (line.length <= room) {
        push(line);
        break;
      }
      if (hasContent()) {
        flush();
        continue;
      }
      const take = Math.max(1, room);
      push(line.slice(0, take));
      line = line.slice(take);
      flush();
      if (line === '') break;
    }
    if (togglesFence) inFence = !inFence;
  }
  flush();
  return pieces;
}

function capBlocks(blocks: SlackBlock[]): SlackBlock[] {
  if (blocks.length <= LIMITS.blocks) return blocks;
  const actions = blocks.filter((b) => b.type === 'actions');
  const content = blocks.filter((b) => b.type !== 'actions').slice(0, LIMITS.blocks - actions.length - 1);
  return [...content, context(['… the rest did not fit in one Slack message.']), ...actions];
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
