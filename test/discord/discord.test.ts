import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { APIEmbed, APIInteraction } from 'discord-api-types/v10';
import { registerCommands } from '../../adapters/discord/register-commands.js';
import { encodeAction } from '../../src/actions.js';
import { APP_ID, GUILD_ID, autocompleteInteraction, buttonInteraction, modalSubmitInteraction, slashInteraction, startFakeDiscord } from '../support/wire/discord-fakes.js';
import { notesKnowledge } from '../support/notes.js';
import { startDiscord, type DiscordHarness } from '../support/wire/discord-harness.js';
import { waitFor } from '../support/wait-for.js';

type Callback = { type: number; data?: { flags?: number; embeds?: APIEmbed[]; components?: { components: { custom_id: string; label: string }[] }[]; allowed_mentions?: { parse: string[] }; choices?: { name: string; value: string }[] } };

describe('Discord (real discord.js, fake gateway and REST on 127.0.0.1)', () => {
  let h: DiscordHarness;
  beforeEach(async () => {
    h = await startDiscord();
  });
  afterEach(async () => {
    await h.stop();
  });

  const interact = async (interaction: APIInteraction): Promise<Callback> => {
    h.discord.dispatch('INTERACTION_CREATE', interaction);
    return (await h.discord.callbackFor(interaction.id)).json as Callback;
  };
  const buttonsOf = (cb: Callback) => (cb.data?.components ?? []).flatMap((row) => row.components);

  it('identifies with the Guilds intent only', async () => {
    const identify = h.discord.identifies;
    expect(identify).toBe(1);
  });

  it('answers /docker ask privately with an embed, Share and 👍/👎, mentions off', async () => {
    const cb = await interact(slashInteraction('ask', { question: 'how do volumes work' }));
    expect(cb.type).toBe(4);
    expect(cb.data?.flags).toBe(64);
    expect(cb.data?.allowed_mentions).toEqual({ parse: [] });
    const embed = cb.data!.embeds![0]!;
    expect(embed.title).toBe('Day 2 › Volumes');
    expect(embed.description).toContain('docker volume create --name my_funky_volume');
    expect(embed.footer?.text).toMatch(/From notes\/day-2\.md · strong match/);
    expect(buttonsOf(cb).map((b) => b.label)).toEqual(['Share to channel', '👍 Helpful', '👎 Not helpful']);
    expect(buttonsOf(cb).every((b) => b.custom_id.length <= 100)).toBe(true);
  });

  it('autocompletes topics from the notes: at most 25, names at most 100 characters', async () => {
    const cb = await interact(autocompleteInteraction('volum'));
    expect(cb.type).toBe(8);
    const choices = cb.data!.choices!;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices[0]).toEqual({ name: 'Day 2 › Volumes', value: expect.stringMatching(/^topic:/) });
    expect(choices.every((c) => c.name.length <= 100 && c.value.length <= 100)).toBe(true);
    const empty = await interact(autocompleteInteraction(''));
    expect(empty.data!.choices!.length).toBeGreaterThanOrEqual(20);
    expect(empty.data!.choices!.length).toBeLessThanOrEqual(25);
  });

  it('answers a picked topic, and re-validates it: a forged topic id is not trusted', async () => {
    const choices = (await interact(autocompleteInteraction('networking'))).data!.choices!;
    const picked = await interact(slashInteraction('ask', { question: choices[0]!.value }));
    expect(picked.data!.embeds![0]!.title).toBe(choices[0]!.name);
    const forged = await interact(slashInteraction('ask', { question: 'topic:doesnotexist' }));
    expect(forged.data!.embeds![0]!.description).toMatch(/changed since/);
  });

  it('shares an answer publicly from its button, and the private answer then says it was shared instead of offering Share again', async () => {
    const answer = await interact(slashInteraction('ask', { question: 'docker exec' }));
    const share = buttonsOf(answer)[0]!;
    const press = buttonInteraction(share.custom_id);
    const cb = await interact(press);
    // The pressed private message is updated in place (type 7)...
    expect(cb.type).toBe(7);
    expect(cb.data?.embeds![0]!.footer?.text).toContain('✓ Shared to the channel');
    expect(buttonsOf(cb).map((b) => b.label).slice(0, 2)).toEqual(['👍 Helpful', '👎 Not helpful']);
    expect(buttonsOf(cb).map((b) => b.label)).not.toContain('Share to channel');
    // ...and the answer goes to the channel as a public follow-up.
    const token = (press as { token: string }).token;
    const shared = (await h.discord.rest.waitFor((r) => r.method === 'POST' && r.path === `/api/v10/webhooks/${APP_ID}/${token}`)).json as Callback['data'];
    expect((shared?.flags ?? 0) & 64).toBe(0);
    expect(shared?.embeds![0]!.title).toBe('Day 2 › Starting and Stopping');
    expect(shared?.embeds![0]!.footer?.text).toContain('Shared by Ada');
    expect(buttonsOf({ type: 4, data: shared }).map((b) => b.label)).not.toContain('Share to channel');
    expect(shared?.allowed_mentions).toEqual({ parse: [] });
  });

  it('keeps one vote per person per answer: 👍 👍 👎 from one user is one 👎, and the report counts them once', async () => {
    const answer = await interact(slashInteraction('ask', { question: 'how do volumes work' }));
    const [, up, down] = buttonsOf(answer);
    const said: string[] = [];
    for (const button of [up!, up!, down!]) said.push((await interact(buttonInteraction(button.custom_id))).data!.embeds![0]!.description!);
    expect(said[0]).toBe('Thanks, noted 👍');
    expect(said[1]).toMatch(/already voted 👍/);
    expect(said[2]).toMatch(/^Changed your vote on this answer to 👎/);
    await interact(buttonInteraction(up!.custom_id, { userId: '666666666666666666' }));
    expect(h.votes.map((v) => v.vote).sort()).toEqual(['down', 'up']);
    const report = await h.usage.usage.report(86_400_000, await notesKnowledge());
    expect(report.totals).toMatchObject({ up: 1, down: 1 });
  });

  it('asks what was missing after a 👎 with a form (a modal), and records what is typed for the authors', async () => {
    const answer = await interact(slashInteraction('ask', { question: 'how do volumes work' }));
    const thanks = await interact(buttonInteraction(buttonsOf(answer)[2]!.custom_id));
    expect(thanks.data!.embeds![0]!.description).toContain('`/docker missing what:<what you were looking for>`');
    const tell = buttonsOf(thanks).find((b) => b.label === 'Tell the note authors')!;
    const modal = (await interact(buttonInteraction(tell.custom_id))) as { type: number; data?: { custom_id?: string; components?: { type: number; component?: { custom_id: string; type: number } }[] } };
    expect(modal.type).toBe(9);
    expect(modal.data!.components![0]!.component).toMatchObject({ custom_id: 'what', type: 4 });
    const submitted = await interact(modalSubmitInteraction(modal.data!.custom_id!, { what: 'how to back up a named volume' }));
    expect(submitted.data!.flags).toBe(64);
    expect(submitted.data!.embeds![0]!.description).toMatch(/note authors will see it/);
    expect((await h.usage.store.asks(0)).filter((a) => a.kind === 'missing').map((a) => a.question)).toEqual(['how to back up a named volume']);
  });

  it('takes /docker missing as a registered subcommand too', async () => {
    const cb = await interact(slashInteraction('missing', { what: 'docker buildx bake' }));
    expect(cb.data!.embeds![0]!.description).toMatch(/note authors will see it/);
    expect((await h.usage.store.asks(0)).filter((a) => a.kind === 'missing').map((a) => a.question)).toEqual(['docker buildx bake']);
  });

  it('offers suggestions as buttons when the notes do not cover a question', async () => {
    const cb = await interact(slashInteraction('ask', { question: 'how do I deploy to kubernetes' }));
    expect(cb.data!.embeds![0]!.description).toContain("That's not in the notes.");
    const suggestion = buttonsOf(cb)[0]!;
    const topic = await interact(buttonInteraction(suggestion.custom_id));
    // The answer takes the place of "not in the notes" (an update, type 7).
    expect(topic.type).toBe(7);
    expect(topic.data!.embeds![0]!.title).toMatch(new RegExp(`› ${suggestion.label}$`));
    expect(topic.data!.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers /docker help with every command in Discord\'s own syntax, and the topics of the notes', async () => {
    const help = (await interact(slashInteraction('help'))).data!.embeds![0]!.description!;
    for (const command of ['/docker ask question:', '/docker quiz now', '/docker quiz me', '/docker run command:', '/docker missing what:', '/docker report', '/docker help']) expect(help).toContain(command);
    // Slack's free-text form is not how Discord's /docker works.
    expect(help).not.toContain('/docker <question>');
    expect(help).toContain('Topics in the notes');
    expect(help).toMatch(/Day 2\*\*: .*Volumes/);
  });

  it('defers slow work (a sandbox run) privately, then edits the reply', async () => {
    const interaction = slashInteraction('run', { command: 'busybox echo hi' });
    const cb = await interact(interaction);
    expect(cb).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await h.discord.editFor((interaction as { token: string }).token);
    expect(edit.path).toBe(`/api/v10/webhooks/${APP_ID}/${(interaction as { token: string }).token}/messages/@original`);
    expect((edit.json as Callback['data'])!.embeds![0]!.description).toMatch(/sandbox is not enabled/);
    expect((edit.json as Callback['data'])!.allowed_mentions).toEqual({ parse: [] });
  });

  it('never lets question text or notes ping: allowed_mentions is empty on every message', async () => {
    const cb = await interact(slashInteraction('ask', { question: '@everyone @here <@&987654321098765432> <@123456789012345678> docker exec' }));
    expect(cb.data?.allowed_mentions).toEqual({ parse: [] });
    for (const request of h.discord.rest.requests.filter((r) => r.method !== 'GET')) {
      expect((request.json as { allowed_mentions?: unknown; data?: { allowed_mentions?: unknown } }).data?.allowed_mentions ?? (request.json as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
    }
  });

  it('logs an expired interaction (10062) and keeps answering', async () => {
    h.discord.failNextCallback({ status: 404, body: { message: 'Unknown interaction', code: 10062 } });
    h.discord.dispatch('INTERACTION_CREATE', slashInteraction('help'));
    await waitFor(() => h.log.lines.some((l) => l.level === 'warn' && /expired/.test(l.message)), 'the expired-interaction warning');
    expect((await interact(slashInteraction('help'))).type).toBe(4);
  });

  it('survives a dropped gateway connection and answers after reconnecting', async () => {
    h.discord.dropConnection();
    const started = Date.now();
    while (h.discord.identifies + h.discord.resumes < 2 && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 50));
    expect(h.discord.identifies + h.discord.resumes).toBe(2);
    expect((await interact(slashInteraction('ask', { question: 'docker exec' }))).type).toBe(4);
    expect(h.log.lines.some((l) => /gateway/i.test(l.message))).toBe(true);
  });

  it('treats a button it did not make as expired', async () => {
    expect((await interact(buttonInteraction('not-ours'))).data!.embeds![0]!.description).toMatch(/expired/);
    expect((await interact(buttonInteraction(encodeAction({ type: 'topic', sectionId: 'gone' })))).data!.embeds![0]!.description).toMatch(/changed since/);
  });
});

describe('npm run discord:register', () => {
  it('registers /docker to one guild when DISCORD_GUILD_ID is set, otherwise globally, and is idempotent', async () => {
    const discord = await startFakeDiscord();
    try {
      const guild = await registerCommands({ token: 't', apiUrl: discord.apiUrl, guildId: GUILD_ID });
      expect(guild).toEqual({ scope: `guild ${GUILD_ID}`, names: ['docker'] });
      await registerCommands({ token: 't', apiUrl: discord.apiUrl, guildId: GUILD_ID });
      const puts = discord.rest.requests.filter((r) => r.method === 'PUT');
      expect(puts.map((r) => r.path)).toEqual([`/api/v10/applications/${APP_ID}/guilds/${GUILD_ID}/commands`, `/api/v10/applications/${APP_ID}/guilds/${GUILD_ID}/commands`]);
      expect(puts[0]!.body).toBe(puts[1]!.body);
      const body = puts[0]!.json as { name: string; options: { name: string }[] }[];
      expect(body[0]!.options.map((o) => o.name)).toEqual(['ask', 'help', 'run', 'quiz', 'missing', 'report']);
      expect(await registerCommands({ token: 't', apiUrl: discord.apiUrl })).toEqual({ scope: 'global', names: ['docker'] });
      expect(discord.rest.requests.at(-1)!.path).toBe(`/api/v10/applications/${APP_ID}/commands`);
      // Where the command works is said with contexts / integration_types, not the deprecated dm_permission.
      const global = (discord.rest.requests.at(-1)!.json as Record<string, unknown>[])[0]!;
      expect(global).not.toHaveProperty('dm_permission');
      expect(global).toMatchObject({ contexts: [0, 1], integration_types: [0] });
      expect(body[0]).not.toHaveProperty('dm_permission');
      expect(discord.rest.requests.some((r) => r.path === '/api/v10/applications/@me')).toBe(true);
    } finally {
      await discord.close();
    }
  });
});
