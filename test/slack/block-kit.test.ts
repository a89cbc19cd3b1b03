import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, renderBlockKit, splitMrkdwn } from '../../adapters/slack/block-kit.js';
import { markdownToMrkdwn, parseToMrkdwn } from '../../adapters/slack/mrkdwn.js';
import { reply } from '../../src/reply.js';

type Block = { type: string; text?: { text: string }; elements?: { text: string | { text: string }; value?: string; action_id?: string }[]; fields?: { text: string }[] };

describe('Block Kit within Slack\'s limits', () => {
  it('splits a long answer into sections of at most 3,000 characters, never inside a code fence', () => {
    const code = Array.from({ length: 300 }, (_, i) => `echo line ${i}`).join('\n');
    const markdown = `${'A paragraph of notes. '.repeat(120)}\n\n\`\`\`sh\n${code}\n\`\`\`\n\nAfter the fence.`;
    const { blocks } = renderBlockKit(reply({ kind: 'answer', summary: 's', blocks: [{ kind: 'markdown', markdown }] })) as unknown as { blocks: Block[] };
    const sections = blocks.filter((b) => b.type === 'section').map((b) => b.text!.text);
    expect(sections.length).toBeGreaterThan(2);
    for (const text of sections) {
      expect(text.length).toBeLessThanOrEqual(3_000);
      expect((text.match(/```/g) ?? []).length % 2).toBe(0);
    }
    expect(sections.join('\n')).toContain('echo line 299');
  });

  it('keeps every piece under the limit with balanced fences, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant('```'), fc.string({ maxLength: 200 }), fc.string({ minLength: 3_000, maxLength: 7_000 })), { maxLength: 40 }), (lines) => {
        for (const piece of splitMrkdwn(lines.join('\n'), 1_000)) {
          expect(piece.length).toBeLessThanOrEqual(1_000);
          expect(piece.split('\n').filter((l) => l.trimStart().startsWith('```')).length % 2).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('caps a message at 50 blocks, keeping its buttons, and button text at 75 characters', () => {
    const many = reply({
      kind: 'notice',
      summary: 's',
      blocks: Array.from({ length: 80 }, (_, i) => ({ kind: 'context' as const, markdown: `line ${i}` })),
      buttons: [{ label: 'x'.repeat(200), action: 'w1|t|abc' }],
    });
    const { blocks } = renderBlockKit(many) as unknown as { blocks: Block[] };
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    expect(blocks.at(-1)!.type).toBe('actions');
    const button = blocks.at(-1)!.elements![0]!;
    expect((button.text as { text: string }).text.length).toBeLessThanOrEqual(75);
    expect(button.value).toBe('w1|t|abc');
    expect(button.action_id!.length).toBeLessThanOrEqual(255);
  });

  it('puts at most five buttons in a row', () => {
    const { blocks } = renderBlockKit(reply({ kind: 'quiz', summary: 's', buttons: Array.from({ length: 7 }, (_, i) => ({ label: `${i}`, action: `a${i}` })) })) as unknown as { blocks: Block[] };
    expect(blocks.filter((b) => b.type === 'actions').map((b) => b.elements!.length)).toEqual([5, 2]);
  });

  it('shows sandbox output verbatim in a code block, with mentions and fences made inert', () => {
    const { blocks } = renderBlockKit(reply({ kind: 'sandbox', summary: 's', blocks: [{ kind: 'code', text: '<!channel> <@U1> & ```' }] })) as unknown as { blocks: Block[] };
    expect(blocks[0]!.text!.text).toBe('```\n&lt;!channel&gt; &lt;@U1&gt; &amp; `\u200b`\u200b`\n```');
  });
});

describe('markdown to mrkdwn', () => {
  it('converts emphasis, code, links and lists', () => {
    expect(markdownToMrkdwn('**bold** _it_ `code` [docs](https://docs.docker.com/a?b=1&c=2)\n\n- one\n  - two')).toBe(
      '*bold* _it_ `code` <https://docs.docker.com/a?b=1&amp;c=2|docs>\n\n• one\n    • two',
    );
  });

  it('escapes every <, > and & so nothing pings, even raw HTML in the notes', () => {
    const out = markdownToMrkdwn('<!channel> hi <@U1> <!subteam^S1|@team> & <script>x</script>');
    expect(out).not.toMatch(/<[!@]/);
    expect(out).toContain('&lt;!channel&gt;');
  });

  it('drops links that could break out of the <url|label> form', () => {
    expect(markdownToMrkdwn('[x](javascript:alert(1))')).toBe('x');
    expect(markdownToMrkdwn('[a|b](https://x.y/)')).toBe('<https://x.y/|a¦b>');
  });
});

describe('markdown to mrkdwn, remembered and short-cut', () => {
  /** Pieces of context lines ("From notes/day-2.md · strong match (87%)"), with markdown's own syntax mixed in. */
  const lineLike = fc
    .array(fc.constantFrom('From', 'notes/day-2.md', ' · ', 'match', ' (87%)', 'é', '9', ' ', '  ', '1.', '2)', '*', 'x*', '_', '`', '#', '&amp;', '-', '=', '--rm', '<@U1>', '\\', '\t', '\u0000', '\u00a0', '\n'), { maxLength: 8 })
    .map((parts) => parts.join(''));

  it('converts exactly as the parser does, whatever the text, the first time and again', () => {
    fc.assert(
      fc.property(fc.oneof(lineLike, fc.string({ maxLength: 80 })), (markdown) => {
        const expected = parseToMrkdwn(markdown);
        expect(markdownToMrkdwn(markdown)).toBe(expected);
        expect(markdownToMrkdwn(markdown)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
