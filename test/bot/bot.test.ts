import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ACTION_LENGTH, decodeAction, encodeAction, type Action } from '../../src/actions.js';
import { APOLOGY } from '../../src/bot.js';
import { textOf, testChat } from '../support/notes.js';

describe('/docker <question>', () => {
  it('answers privately with the heading trail, source, strength, share and vote buttons', async () => {
    const chat = await testChat();
    const [reply] = await chat.say('/docker how do volumes work');
    expect(reply).toMatchObject({ kind: 'answer', visibility: 'private', trail: ['Day 2', 'Volumes'], question: 'how do volumes work' });
    expect(textOf(reply!)).toMatch(/From notes\/day-2\.md · strong match \(\d+%\)/);
    expect(reply!.buttons.map((b) => b.label).slice(0, 3)).toEqual(['Share to channel', '👍 Helpful', '👎 Not helpful']);
  });

  it('says "That\'s not in the notes" with the nearest topics as buttons', async () => {
    const chat = await testChat();
    const [reply] = await chat.say('/docker how do I deploy to kubernetes');
    expect(reply?.kind).toBe('not-found');
    expect(textOf(reply!)).toContain("That's not in the notes.");
    expect(reply!.buttons.length).toBeGreaterThan(0);
  });

  it('answers a suggested topic when its button is pressed', async () => {
    const chat = await testChat();
    const [notFound] = await chat.say('/docker configure swarm networking overlay ingress');
    const topic = notFound!.buttons[0]!;
    const [answer] = await chat.press(topic.action);
    expect(answer?.kind).toBe('answer');
    expect(answer?.title).toBe(topic.label);
  });

  it('shares an answer to the channel, without another share button', async () => {
    const chat = await testChat();
    const [answer] = await chat.say('/docker docker exec');
    const [mine, shared] = await chat.press(answer!.buttons[0]!.action);
    // The private answer is replaced by one that says it was shared, with no Share button left to press again.
    expect(mine).toMatchObject({ kind: 'answer', visibility: 'private', delivery: 'update', title: 'Starting and Stopping' });
    expect(textOf(mine!)).toContain('Shared to the channel');
    expect(mine!.buttons.map((b) => b.label)).toEqual(answer!.buttons.map((b) => b.label).filter((label) => label !== 'Share to channel'));
    expect(shared).toMatchObject({ kind: 'answer', visibility: 'channel', delivery: 'channel', title: 'Starting and Stopping' });
    expect(shared!.blocks.find((b) => b.kind === 'markdown')).toEqual(answer!.blocks.find((b) => b.kind === 'markdown'));
    expect(textOf(shared!)).toContain('Shared by ada');
    expect(shared!.buttons.some((b) => b.label.startsWith('Share'))).toBe(false);
  });

  it('records 👍 and 👎 against the question and the section', async () => {
    const chat = await testChat();
    const [answer] = await chat.say('/docker how do volumes work');
    await chat.press(answer!.buttons[2]!.action);
    expect(chat.votes).toEqual([
      expect.objectContaining({ vote: 'down', question: 'how do volumes work', userHash: chat.usage.hashUser('terminal', 'U1'), platform: 'terminal', trail: ['Day 2', 'Volumes'] }),
    ]);
  });

  it('after a 👎 at the terminal, says how to tell the authors in terminal words; a second 👎 on the same answer is not a second vote', async () => {
    const chat = await testChat();
    const [answer] = await chat.say('/docker how do volumes work');
    const [thanks] = await chat.press(answer!.buttons[2]!.action);
    expect(textOf(thanks!)).toContain('Tell the note authors with `missing <what you were looking for>`');
    expect(thanks!.buttons).toEqual([]);
    const [again] = await chat.press(answer!.buttons[2]!.action);
    expect(textOf(again!)).toContain('already voted 👎');
    expect(chat.votes).toHaveLength(1);
  });

  it('answers help, with or without the /docker prefix', async () => {
    const chat = await testChat();
    for (const text of ['/docker help', 'help', '/docker', '']) {
      const [reply] = await chat.say(text);
      expect(reply?.kind).toBe('help');
      // At the terminal, commands are typed without /docker.
      expect(textOf(reply!)).toContain('• `quiz me`: your score and streak');
      expect(textOf(reply!)).toContain('• `missing <what you were looking for>`');
    }
  });

  it('treats "help me with volumes" as a question', async () => {
    const chat = await testChat();
    const [reply] = await chat.say('/docker help me with volumes');
    expect(reply?.title).toBe('Volumes');
  });

  it('says an expired or forged button has expired', async () => {
    const chat = await testChat();
    for (const action of ['w1|t|nope', 'garbage', 'w1|v|?|x|y', 'x'.repeat(300)]) {
      const [reply] = await chat.press(action);
      expect(textOf(reply!)).toMatch(/expired|changed since/);
    }
  });
});

describe('input nobody planned for', () => {
  it.each([
    ['whitespace', '   \t  ', 'help'],
    ['only punctuation', '?!?...;;', 'notice'],
    ['control characters', '\u0000\u0007\u001b[31mvolumes\u001b[0m', 'answer'],
    ['emoji', '🐳🐳 how do volumes work 🐳', 'answer'],
    ['right-to-left text', 'كيف تعمل الحاويات؟', 'not-found'],
    ['bidi overrides', '\u202evolumes\u202c', 'answer'],
  ])('%s gets a clear reply', async (_name, text, kind) => {
    const chat = await testChat();
    const [reply] = await chat.say(text);
    expect(reply?.kind).toBe(kind);
    expect(reply!.summary.length).toBeGreaterThan(0);
  });

  it('reads the first part of a 10,000-character question and says so', async () => {
    const chat = await testChat();
    const replies = await chat.say(`how do volumes work ${'x'.repeat(10_000)}`);
    expect(replies[0]?.kind).toBe('answer');
    expect(textOf(replies[1]!)).toMatch(/first 1,000 characters/);
  });

  it('never throws, and always replies, for thousands of random strings', async () => {
    const chat = await testChat();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.constantFrom('/docker ', 'run ', 'quiz ', 'help ').chain((p) => fc.string().map((s) => p + s))), async (text) => {
        const replies = await chat.say(text);
        expect(replies.length).toBeGreaterThan(0);
        for (const reply of replies) {
          expect(reply.summary).not.toBe(APOLOGY);
          expect(reply.kind).not.toBe('error');
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('turns a failure inside the core into an apology, not a crash', async () => {
    const errors: unknown[] = [];
    const chat = await testChat({ log: { debug() {}, info() {}, warn() {}, error: (fields) => errors.push(fields) } });
    const [answer] = await chat.say('volumes');
    // The database goes away under the bot: recording the vote throws inside the core.
    chat.usage.db.close();
    const [reply] = await chat.press(answer!.buttons[1]!.action);
    expect(textOf(reply!)).toContain(APOLOGY);
    expect(errors).toHaveLength(1);
  });
});

describe('button payloads', () => {
  const actions = fc.oneof(
    fc.record({ type: fc.constant('share' as const), sectionId: fc.stringMatching(/^[\w-]{10}$/), question: fc.string({ unit: 'grapheme', maxLength: 200 }) }),
    fc.record({ type: fc.constant('vote' as const), vote: fc.constantFrom('up' as const, 'down' as const), sectionId: fc.stringMatching(/^[\w-]{10}$/), question: fc.string({ unit: 'grapheme', maxLength: 200 }) }),
    fc.record({ type: fc.constant('topic' as const), sectionId: fc.stringMatching(/^[\w-]{10}$/) }),
    fc.record({ type: fc.constant('reference-pick' as const), sectionId: fc.stringMatching(/^[\w-]{10}$/), question: fc.string({ unit: 'grapheme', maxLength: 200 }) }),
    fc.record({ type: fc.constant('run-again' as const), command: fc.string({ minLength: 1, maxLength: 300 }) }),
  );

  it('always fit Discord\'s 100-character custom_id and decode to what was encoded (cut to fit)', () => {
    fc.assert(
      fc.property(actions, (action: Action) => {
        const encoded = encodeAction(action);
        expect(encoded.length).toBeLessThanOrEqual(MAX_ACTION_LENGTH);
        const decoded = decodeAction(encoded);
        if (!(action.type === 'reference-pick' && action.question === '')) expect(decoded?.type).toBe(action.type);
        if (action.type === 'share' && decoded?.type === 'share') expect(action.question.startsWith(decoded.question)).toBe(true);
        if (action.type === 'reference-pick' && action.question === '') expect(decoded).toBeNull();
        if (action.type === 'reference-pick' && decoded?.type === 'reference-pick') {
          expect(decoded.sectionId).toBe(action.sectionId);
          expect(action.question.startsWith(decoded.question)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
