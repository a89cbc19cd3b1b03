import type { APIActionRowComponent, APIButtonComponent, APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { breakCodeFences, stripControls, truncate } from '../../src/input.js';
import type { Reply } from '../../src/reply.js';

/**
 * A core reply as a Discord message, within every limit Discord enforces
 * (a message over any of them is refused whole, with a 400):
 * content ≤ 2,000; embed title ≤ 256, description ≤ 4,096, ≤ 25 fields of
 * name ≤ 256 and value ≤ 1,024, footer ≤ 2,048, all of an embed's text
 * together ≤ 6,000; ≤ 5 action rows of ≤ 5 buttons, label ≤ 80, `custom_id`
 * ≤ 100 and unique in the message. Text from notes can carry control
 * characters and bidi overrides (which disguise text); every string is
 * cleaned of them before it is measured. Every message is sent with
 * `allowed_mentions: { parse: [] }`, so no text can ping anyone.
 */
export const LIMITS = {
  content: 2_000,
  title: 256,
  description: 4_096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1_024,
  footer: 2_048,
  embedTotal: 6_000,
  rows: 5,
  perRow: 5,
  label: 80,
  customId: 100,
  url: 2_048,
} as const;
export const NO_MENTIONS = { parse: [] as never[] };
const COLOURS = { answer: 0x1d63ed, 'not-found': 0x99aab5, error: 0xed4245, sandbox: 0x2b2d31, quiz: 0xfee75c, default: 0x5865f2 } as const;
/** A field may not be empty on Discord; this stands in for nothing. */
const EMPTY = '—';
/** Room the description keeps when fields compete for the 6,000 (an answer's text matters most). */
const DESCRIPTION_RESERVE = 1_024;

export interface DiscordMessage {
  readonly content?: string;
  readonly embeds: APIEmbed[];
  readonly components: APIActionRowComponent<APIButtonComponent>[];
  readonly allowedMentions: typeof NO_MENTIONS;
}

/** Text safe to show: no controls or bidi overrides (tab and newline stay). */
export function cleanText(text: string): string {
  return stripControls(text);
}

/** One line of clean text (titles, labels, names): line breaks become spaces. */
function cleanLine(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ').trim();
}

export function renderDiscord(reply: Reply): DiscordMessage {
  const parts: string[] = [];
  const footer: string[] = [];
  const fields: APIEmbedField[] = [];
  for (const block of reply.blocks) {
    switch (block.kind) {
      case 'markdown':
        parts.push(cleanText(block.markdown));
        break;
      case 'code':
        parts.push(codeBlock(cleanText(block.text)));
        break;
      case 'context':
        footer.push(cleanText(block.markdown).replace(/[*_`]/g, ''));
        break;
      case 'fields':
        for (const field of block.fields) {
          fields.push({ name: truncate(cleanLine(field.label), LIMITS.fieldName) || EMPTY, value: truncate(cleanText(field.value).trim(), LIMITS.fieldValue) || EMPTY, inline: true });
        }
        break;
    }
  }
  const embed: APIEmbed = { color: COLOURS[reply.kind as keyof typeof COLOURS] ?? COLOURS.default };
  let budget: number = LIMITS.embedTotal;
  const title = truncate(cleanLine(reply.trail && reply.trail.length > 0 ? reply.trail.join(' › ') : (reply.title ?? '')), LIMITS.title);
  if (title) budget -= (embed.title = title).length;
  const url = reply.source?.url;
  if (url && url.length <= LIMITS.url && /^https?:\/\/\S+$/.test(url)) embed.url = url;
  const footerText = truncate(footer.join('\n').trim(), LIMITS.footer);
  if (footerText) budget -= (embed.footer = { text: footerText }).text.length;
  const description = parts.join('\n\n').trim();
  // Fields fill what the description leaves, in order, up to 25; the rest are dropped.
  const fieldBudget = budget - Math.min(description.length, DESCRIPTION_RESERVE);
  const kept: APIEmbedField[] = [];
  let used = 0;
  for (const field of fields.slice(0, LIMITS.fields)) {
    const size = field.name.length + field.value.length;
    if (used + size > fieldBudget) break;
    kept.push(field);
    used += size;
  }
  budget -= used;
  if (kept.length > 0) embed.fields = kept;
  if (description) {
    const clipped = clipMarkdown(description, Math.min(LIMITS.description, budget));
    if (clipped) embed.description = clipped;
  }
  // Discord refuses an embed with no text at all.
  if (!embed.title && !embed.description && !embed.fields && !embed.footer) embed.description = cleanLine(reply.summary).slice(0, 200) || EMPTY;
  return { embeds: [embed], components: buttonRows(reply), allowedMentions: NO_MENTIONS };
}

function buttonRows(reply: Reply): APIActionRowComponent<APIButtonComponent>[] {
  const seen = new Set<string>();
  const buttons: APIButtonComponent[] = [];
  for (const b of reply.buttons) {
    const label = truncate(cleanLine(b.label), LIMITS.label);
    // A custom_id twice in one message, or an empty label, makes Discord refuse the whole message.
    if (!label || !b.action || b.action.length > LIMITS.customId || seen.has(b.action)) continue;
    seen.add(b.action);
    buttons.push({
      type: ComponentType.Button,
      style: b.style === 'primary' ? ButtonStyle.Primary : b.style === 'danger' ? ButtonStyle.Danger : ButtonStyle.Secondary,
      label,
      custom_id: b.action,
    });
    if (buttons.length === LIMITS.rows * LIMITS.perRow) break;
  }
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.perRow) rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LIMITS.perRow) });
  return rows;
}

/** Verbatim text in a code block, with no run of backticks that could close it. */
function codeBlock(text: string): string {
  return `\`\`\`\n${breakCodeFences(text)}\n\`\`\``;
}

/** Cuts markdown to fit, closing a code fence left open by the cut; empty when nothing useful fits. */
export function clipMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 16) return '';
  let cut = truncate(text, max - 4);
  if ((cut.match(/```/g) ?? []).length % 2 === 1) cut = `${truncate(cut, max - 8)}\n\`\`\``;
  return cut;
}
