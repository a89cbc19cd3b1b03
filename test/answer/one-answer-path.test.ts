import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge-base.js';
import type { Reply } from '../../src/reply.js';
import { withReference } from '../support/cli-docs.js';
import { notesKnowledge, testChat } from '../support/notes.js';

/** Everything an answer says, without the buttons and the "shared by" line that sharing changes on purpose. */
const said = (reply: Reply) => ({
  title: reply.title,
  trail: reply.trail,
  blocks: reply.blocks.filter((b) => !(b.kind === 'context' && /^Shared /.test(b.markdown))),
});

describe('one answer path for ask, share and topic', () => {
  let knowledge: KnowledgeBase;
  beforeAll(async () => {
    knowledge = await withReference((await notesKnowledge()).knowledge);
  });

  it.each([
    'docker exec',
    'how do volumes work',
    'how do I see live cpu and memory usage per container',
    'docker rm -f',
    'docker image save aliases',
    'what does docker container prune do',
  ])('"Share to channel" posts the answer exactly as it was given privately: %s', async (question) => {
    const chat = await testChat({ knowledge });
    const [answer] = await chat.say(`/docker ${question}`);
    expect(answer?.kind).toBe('answer');
    const share = answer!.buttons.find((b) => b.label === 'Share to channel')!;
    // Share answers twice: the private answer now says it was shared, and the channel gets the answer.
    const shared = (await chat.press(share.action)).find((r) => r.visibility === 'channel');
    expect(shared?.visibility).toBe('channel');
    expect(said(shared!)).toEqual({ ...said(answer!), blocks: said(answer!).blocks.map((b) => (b.kind === 'context' ? expect.anything() : b)) });
  });
});
