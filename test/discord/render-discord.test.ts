import { describe, expect, it } from 'vitest';
import { LIMITS, renderDiscord } from '../../adapters/discord/render-discord.js';
import { reply } from '../../src/reply.js';

describe('Discord messages within Discord\'s limits', () => {
  it('keeps the description within 4,096 and the whole embed within 6,000, closing a cut code fence', () => {
    const markdown = `${'word '.repeat(500)}\n\n\`\`\`\n${'line\n'.repeat(2_000)}\`\`\``;
    const fields = Array.from({ length: 40 }, (_, i) => ({ label: `field ${i}`, value: 'v'.repeat(60) }));
    const message = renderDiscord(reply({ kind: 'answer', summary: 's', title: 't'.repeat(400), blocks: [{ kind: 'markdown', markdown }, { kind: 'fields', fields }, { kind: 'context', markdown: 'c'.repeat(3_000) }] }));
    const [embed] = message.embeds;
    expect(embed!.description!.length).toBeLessThanOrEqual(LIMITS.description);
    expect((embed!.description!.match(/```/g) ?? []).length % 2).toBe(0);
    expect(embed!.fields!.length).toBeLessThanOrEqual(25);
    expect(embed!.title!.length).toBeLessThanOrEqual(256);
    const total = embed!.title!.length + embed!.description!.length + embed!.footer!.text.length + embed!.fields!.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
  });

  it('lays buttons out five to a row, at most five rows, never with a custom_id over 100', () => {
    const buttons = Array.from({ length: 30 }, (_, i) => ({ label: `b${i}`, action: i === 3 ? 'x'.repeat(101) : `a${i}` }));
    const message = renderDiscord(reply({ kind: 'answer', summary: 's', buttons }));
    expect(message.components.map((row) => row.components.length)).toEqual([5, 5, 5, 5, 5]);
    expect(message.components.flatMap((row) => row.components).every((b) => 'custom_id' in b && b.custom_id.length <= 100)).toBe(true);
  });

  it('sends every message with mentions off', () => {
    expect(renderDiscord(reply({ kind: 'notice', summary: '@everyone' })).allowedMentions).toEqual({ parse: [] });
  });
});
