import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, renderDiscord } from '../../adapters/discord/render-discord.js';
import { reply, type Reply } from '../../src/reply.js';

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

describe('Discord limits hold for any reply (generated with fast-check)', () => {
  // Controls, bidi overrides and isolates, separators, surrogate pairs, backticks: what notes can carry.
  const nasty = fc.constantFrom('\u202e', '\u202a', '\u2066', '\u2069', '\u200f', '\u061c', '\u0000', '\u001b[31m', '\u0085', '\u2028', '\t', '\n', '```', '`', '@everyone', '😀', 'é', '\ufeff');
  const text = (maxLength: number) =>
    fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), nasty, fc.string({ maxLength: 400 })), { maxLength }).map((bits) => bits.join(''));
  const big = fc.oneof(text(12), text(4).map((t) => t.repeat(400)));
  const block = fc.oneof(
    fc.record({ kind: fc.constant('markdown' as const), markdown: big }),
    fc.record({ kind: fc.constant('code' as const), text: big }),
    fc.record({ kind: fc.constant('context' as const), markdown: big }),
    fc.record({ kind: fc.constant('fields' as const), fields: fc.array(fc.record({ label: big, value: big }), { maxLength: 40 }) }),
  );
  const button = fc.record({ label: big, action: fc.oneof(fc.string({ maxLength: 120 }), fc.constantFrom('w1|t|same', 'w1|t|same')) });
  const anyReply = fc.record({
    kind: fc.constantFrom('answer', 'not-found', 'help', 'error', 'notice', 'quiz', 'sandbox', 'report') as fc.Arbitrary<Reply['kind']>,
    summary: text(3),
    title: fc.option(big, { nil: undefined }),
    trail: fc.option(fc.array(big, { maxLength: 6 }), { nil: undefined }),
    blocks: fc.array(block, { maxLength: 8 }),
    buttons: fc.array(button, { maxLength: 40 }),
    source: fc.option(fc.record({ label: text(2), url: fc.option(fc.oneof(fc.webUrl(), text(2)), { nil: undefined }) }), { nil: undefined }),
  }).map((fields) => reply(fields as Partial<Reply> & Pick<Reply, 'kind' | 'summary'>));

  const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

  it('GIVEN any reply THEN every Discord limit holds and no control or bidi character reaches the message', () => {
    fc.assert(
      fc.property(anyReply, (r) => {
        const message = renderDiscord(r);
        expect((message.content ?? '').length).toBeLessThanOrEqual(LIMITS.content);
        expect(message.embeds).toHaveLength(1);
        const embed = message.embeds[0]!;
        const fields = embed.fields ?? [];
        expect((embed.title ?? '').length).toBeLessThanOrEqual(LIMITS.title);
        expect((embed.description ?? '').length).toBeLessThanOrEqual(LIMITS.description);
        expect((embed.footer?.text ?? '').length).toBeLessThanOrEqual(LIMITS.footer);
        expect(fields.length).toBeLessThanOrEqual(LIMITS.fields);
        for (const f of fields) {
          expect(f.name.length).toBeGreaterThan(0);
          expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
          expect(f.value.length).toBeGreaterThan(0);
          expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
        }
        const total = (embed.title ?? '').length + (embed.description ?? '').length + (embed.footer?.text ?? '').length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
        expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
        expect(total).toBeGreaterThan(0);
        expect(message.components.length).toBeLessThanOrEqual(LIMITS.rows);
        const buttons = message.components.flatMap((row) => {
          expect(row.components.length).toBeGreaterThan(0);
          expect(row.components.length).toBeLessThanOrEqual(LIMITS.perRow);
          return row.components as { label: string; custom_id: string }[];
        });
        for (const b of buttons) {
          expect(b.label.length).toBeGreaterThan(0);
          expect(b.label.length).toBeLessThanOrEqual(LIMITS.label);
          expect(b.custom_id.length).toBeGreaterThan(0);
          expect(b.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
        }
        expect(new Set(buttons.map((b) => b.custom_id)).size).toBe(buttons.length);
        const shown = [embed.title, embed.description, embed.footer?.text, ...fields.flatMap((f) => [f.name, f.value]), ...buttons.map((b) => b.label)].join('\n');
        expect(shown).not.toMatch(FORBIDDEN);
        // No lone surrogate: a cut never splits an emoji.
        expect(shown).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
        if (embed.url) expect(embed.url).toMatch(/^https?:\/\//);
      }),
      { numRuns: 300 },
    );
  });

  it('strips a bidi override from a note heading before it reaches the embed title', () => {
    const message = renderDiscord(reply({ kind: 'answer', summary: 's', trail: ['Day 2', 'Safe \u202egnp.exe\u202c names'], blocks: [{ kind: 'markdown', markdown: 'a\u2066b\u0007c' }] }));
    expect(message.embeds[0]!.title).toBe('Day 2 › Safe gnp.exe names');
    expect(message.embeds[0]!.description).toBe('abc');
  });
});
