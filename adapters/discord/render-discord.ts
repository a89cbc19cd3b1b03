import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord-api-types/v10';
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { breakCodeFences, truncate } from '../../src/input.js';
import type { Reply } from '../../src/reply.js';

/**
 * A core reply as a Discord message, within Discord's limits: embed
 * description ≤ 4,096, total embed text ≤ 6,000, ≤ 25 fields, content ≤ 2,000,
 * ≤ 5 rows of ≤ 5 buttons, `custom_id` ≤ 100, label ≤ 80. Every message is
 * sent with `allowed_mentions: { parse: [] }`, so no text can ping anyone.
 */
export const LIMITS = { description: 4_096, embedTotal: 6_000, fields: 25, fieldName: 256, fieldValue: 1_024, title: 256, footer: 2_048, content: 2_000, rows: 5, perRow: 5, customId: 100, label: 80 } as const;
export const NO_MENTIONS = { parse: [] as never[] };
const COLOURS = { answer: 0x1d63ed, 'not-found': 0x99aab5, error: 0xed4245, sandbox: 0x2b2d31, quiz: 0xfee75c, default: 0x5865f2 } as const;

export interface DiscordMessage {
  readonly embeds: APIEmbed[];
  readonly components: APIActionRowComponent<APIButtonComponent>[];
  readonly allowedMentions: typeof NO_MENTIONS;
}

export function renderDiscord(reply: Reply): DiscordMessage {
  const title = reply.trail && reply.trail.length > 0 ? reply.trail.join(' › ') : reply.title;
  const parts: string[] = [];
  const footer: string[] = [];
  const fields: { name: string; value: string; inline: boolean }[] = [];
  for (const block of reply.blocks) {
    switch (block.kind) {
      case 'markdown':
        parts.push(block.markdown);
        break;
      case 'code':
        parts.push(codeBlock(block.text));
        break;
      case 'context':
        footer.push(block.markdown.replace(/[*_`]/g, ''));
        break;
      case 'fields':
        for (const field of block.fields) fields.push({ name: truncate(field.label, LIMITS.fieldName), value: truncate(field.value || '—', LIMITS.fieldValue), inline: true });
        break;
    }
  }
  const embed: APIEmbed = { color: COLOURS[reply.kind as keyof typeof COLOURS] ?? COLOURS.default };
  let budget: number = LIMITS.embedTotal;
  if (title) budget -= (embed.title = truncate(title, LIMITS.title)).length;
  if (reply.source?.url) embed.url = reply.source.url;
  if (footer.length > 0) budget -= (embed.footer = { text: truncate(footer.join('\n'), LIMITS.footer) }).text.length;
  const kept = fields.slice(0, LIMITS.fields);
  budget -= kept.reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  if (kept.length > 0) embed.fields = kept;
  if (parts.length > 0) embed.description = clipMarkdown(parts.join('\n\n'), Math.min(LIMITS.description, Math.max(0, budget)));
  return { embeds: [embed], components: buttonRows(reply), allowedMentions: NO_MENTIONS };
}

function buttonRows(reply: Reply): APIActionRowComponent<APIButtonComponent>[] {
  const buttons: APIButtonComponent[] = reply.buttons
    .filter((b) => b.action.length <= LIMITS.customId)
    .slice(0, LIMITS.rows * LIMITS.perRow)
    .map((b) => ({
      type: ComponentType.Button,
      style: b.style === 'primary' ? ButtonStyle.Primary : b.style === 'danger' ? ButtonStyle.Danger : ButtonStyle.Secondary,
      label: truncate(b.label, LIMITS.label),
      custom_id: b.action,
    }));
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.perRow) rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LIMITS.perRow) });
  return rows;
}

/** Verbatim text in a code block, with no run of backticks that could close it. */
function codeBlock(text: string): string {
  return `\`\`\`\n${breakCodeFences(text)}\n\`\`\``;
}

/** Cuts markdown to fit, closing a code fence left open by the cut. */
export function clipMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = truncate(text, max - 4);
  if ((cut.match(/```/g) ?? []).length % 2 === 1) cut = `${truncate(cut, max - 8)}\n\`\`\``;
  return cut;
}

