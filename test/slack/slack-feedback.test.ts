import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttonPress, postToSlackEndpoint, slashCommand, viewSubmission } from '../support/wire/slack-fakes.js';
import { startSlackHttp, type SlackHarness } from '../support/wire/slack-harness.js';
import { notesKnowledge } from '../support/notes.js';

type Element = { text?: string | { text: string }; value?: string };
type Block = { type: string; text?: { text: string }; elements?: Element[] };
type Message = { response_type?: string; replace_original?: boolean; text: string; blocks: Block[] };

const allText = (m: Message): string =>
  m.blocks.flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? '')))]).join('\n');
const buttons = (m: Message) => m.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
const labelOf = (e: Element) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? ''));

describe('Slack feedback on the wire: Share, votes, help, "what was missing"', () => {
  let slack: SlackHarness;
  beforeEach(async () => {
    slack = await startSlackHttp();
  });
  afterEach(async () => {
    await slack.stop();
  });

  /** Sends a signed slash command or button press; returns the replies that reached response_url for it. */
  const send = async (fields: Record<string, string>, count = 1): Promise<Message[]> => {
    const before = slack.responses.requests.length;
    const post = await postToSlackEndpoint(slack.eventsUrl, fields);
    expect(post.status).toBe(200);
    await slack.responses.waitFor(() => slack.responses.requests.length >= before + count);
    return slack.responses.requests.slice(before).map((r) => r.json as Message);
  };
  const ask = async (text: string) => (await send(slashCommand(text, slack.responseUrl)))[0]!;
  const press = (value: string, count = 1, user?: { id: string; username: string }) => send({ payload: JSON.stringify(buttonPress(value, slack.responseUrl, user)) }, count);

  it('after Share, the private answer says it was shared instead of keeping a live Share button', async () => {
    const answer = await ask('docker exec');
    const [mine, shared] = await press(buttons(answer)[0]!.value!, 2);
    expect(mine).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(allText(mine!)).toContain('✓ Shared to the channel');
    expect(buttons(mine!).map(labelOf).slice(0, 2)).toEqual(['👍 Helpful', '👎 Not helpful']);
    expect(buttons(mine!).map(labelOf)).not.toContain('Share to channel');
    expect(shared).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(allText(shared!)).toContain('Shared by ada');
  });

  it('keeps one vote per person per answer: 👍 👍 👎 is one 👎, and the report counts each person once', async () => {
    const answer = await ask('how do volumes work');
    const [, up, down] = buttons(answer);
    const said = [];
    for (const b of [up!, up!, down!]) said.push(allText((await press(b.value!))[0]!));
    expect(said[0]).toContain('Thanks, noted 👍');
    expect(said[1]).toContain('already voted 👍');
    expect(said[2]).toContain('Changed your vote on this answer to 👎');
    await press(up!.value!, 1, { id: 'U2', username: 'bo' });
    expect(slack.votes.map((v) => v.vote).sort()).toEqual(['down', 'up']);
    expect((await slack.usage.usage.report(86_400_000, await notesKnowledge())).totals).toMatchObject({ up: 1, down: 1 });
  });

  it('lists every command in Slack syntax, with missing, report and the topics', async () => {
    const help = allText(await ask('help'));
    for (const command of ['/docker &lt;question&gt;', '/docker quiz', '/docker quiz me', '/docker run busybox echo hi', '/docker missing &lt;what you were looking for&gt;', '/docker report [30d]', '/docker help']) expect(help).toContain(command);
    expect(help).not.toContain('question:');
    expect(help).toContain('Topics in the notes');
    expect(help).toMatch(/Day 2\*: .*Volumes/);
  });

  it('asks what was missing after a 👎 with a modal, and records the answer for the authors', async () => {
    const answer = await ask('how do volumes work');
    const [thanks] = await press(buttons(answer)[2]!.value!);
    const tell = buttons(thanks!).find((b) => labelOf(b) === 'Tell the note authors')!;
    await postToSlackEndpoint(slack.eventsUrl, { payload: JSON.stringify(buttonPress(tell.value!, slack.responseUrl)) });
    const open = await slack.api.waitFor((r) => r.path === '/api/views.open');
    expect(open.form.trigger_id).toMatch(/^trigger-/);
    const view = JSON.parse(String(open.form.view)) as { callback_id: string; private_metadata: string; blocks: { block_id: string; element: { action_id: string } }[] };
    expect(view.callback_id).toBe('wharfie:missing');
    const [input] = view.blocks;
    const submitted = await postToSlackEndpoint(slack.eventsUrl, {
      payload: JSON.stringify(viewSubmission(view, { [input!.block_id]: { [input!.element.action_id]: { type: 'plain_text_input', value: 'how to back up a named volume' } } })),
    });
    // An empty 200 closes the modal.
    expect(submitted.status).toBe(200);
    const thanked = await slack.api.waitFor((r) => r.path === '/api/chat.postEphemeral');
    expect(thanked.form).toMatchObject({ channel: 'C1', user: 'U1' });
    expect(String(thanked.form.blocks)).toContain('note authors will see it');
    expect((await slack.usage.store.asks(0)).filter((a) => a.kind === 'missing').map((a) => a.question)).toEqual(['how to back up a named volume']);
  });

  it('opens the same modal for /docker missing with nothing after it, and takes text after it as before', async () => {
    await postToSlackEndpoint(slack.eventsUrl, slashCommand('missing', slack.responseUrl));
    expect(JSON.parse(String((await slack.api.waitFor((r) => r.path === '/api/views.open')).form.view))).toMatchObject({ callback_id: 'wharfie:missing' });
    expect(allText(await ask('missing docker buildx bake'))).toContain('note authors will see it');
  });
});
