import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { ComponentType, GatewayCloseCodes, Routes, TextInputStyle, type APIModalInteractionResponseCallbackData, type RESTPostAPIChannelMessageResult } from 'discord-api-types/v10';
import { decodeAction, encodeAction } from '../../src/actions.js';
import { suggestTopics } from '../../src/answer/suggest-topics.js';
import type { Bot } from '../../src/bot.js';
import type { DiscordConfig } from '../../src/config.js';
import type { Actor, Place } from '../../src/events.js';
import { truncate } from '../../src/input.js';
import type { KnowledgeBase } from '../../src/knowledge-base.js';
import type { Logger } from '../../src/logger.js';
import type { Reply } from '../../src/reply.js';
import { coreCommand, TOPIC_VALUE } from './command-definitions.js';
import { renderDiscord } from './render-discord.js';

export interface DiscordAdapterOptions {
  readonly config: DiscordConfig;
  readonly bot: Bot;
  readonly knowledge: KnowledgeBase;
  readonly log: Logger;
  /** Told when the gateway closes for good (a refused token, bad intents): `fatal` asks the process to exit. */
  readonly onFailure?: (failure: GatewayFailure) => void;
  /** Discord's default is 50/s; a test suite wants more (see wire-testing notes). */
  readonly globalRequestsPerSecond?: number;
}

export interface DiscordAdapter {
  readonly client: Client;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Posts a reply in a channel (the quiz, the digest); throws when it cannot. */
  post(channelId: string, reply: Reply): Promise<string>;
  ready(): boolean;
  /** Why the gateway closed for good, when it did. */
  failure(): GatewayFailure | null;
}

/** Subcommands that may take seconds (a sandbox run): defer first, edit after. */
type Deferral = 'public' | 'private' | null;
const SLOW = new Set(['run', 'quiz', 'report']);
const MISSING_FIELD = 'what';
/** The "what was missing?" form, opened from the button under a 👎. */
const MISSING_MODAL = {
  custom_id: 'wharfie:missing',
  title: 'What was missing from the notes?',
  components: [
    {
      type: ComponentType.Label,
      label: 'What were you looking for?',
      description: 'The note authors see this in their report.',
      component: { type: ComponentType.TextInput, custom_id: MISSING_FIELD, style: TextInputStyle.Paragraph, required: true, min_length: 3, max_length: 1000 },
    },
  ],
} as const satisfies APIModalInteractionResponseCallbackData;
/** Discord's "Unknown interaction": answered too late, or answered twice. */
const UNKNOWN_INTERACTION = 10062;

/**
 * `/docker` in Discord through discord.js: a gateway bot with the Guilds
 * intent only. Thin: interactions become core events, core replies become
 * embeds and buttons.
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const { config, bot, knowledge, log } = options;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // Replicas split the gateway by shard (WHARFIE_DISCORD_SHARDS): Discord sends each guild's events to one shard.
    ...(config.shards ? { shards: [...config.shards.ids], shardCount: config.shards.count } : {}),
    rest: {
      ...(config.apiUrl ? { api: config.apiUrl } : {}),
      ...(options.globalRequestsPerSecond ? { globalRequestsPerSecond: options.globalRequestsPerSecond } : {}),
    },
    allowedMentions: { parse: [] },
  });

  const who = (interaction: Interaction): { user: Actor; channel: Place; requestId: string } => ({
    requestId: interaction.id,
    user: {
      id: interaction.user.id,
      name: interaction.user.globalName ?? interaction.user.username,
      isAdmin: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    },
    channel: { id: interaction.channelId ?? '', kind: interaction.inGuild() ? 'channel' : 'dm' },
  });

  const onCommand = async (interaction: ChatInputCommandInteraction): Promise<void> => {
    const invoked = {
      group: interaction.options.getSubcommandGroup(false),
      subcommand: interaction.options.getSubcommand(),
      options: Object.fromEntries(interaction.options.data.flatMap(flatten).map((o) => [o.name, o.value === undefined ? undefined : String(o.value)])),
    };
    const { command, text } = coreCommand(invoked);
    // Visibility is fixed when deferring: a quiz question is for the whole channel,
    // everything else slow (a run, a report, quiz scores) is private.
    const deferred: Deferral = !SLOW.has(invoked.group ?? invoked.subcommand) ? null : invoked.group === 'quiz' && invoked.subcommand === 'now' ? 'public' : 'private';
    if (deferred) await interaction.deferReply(deferred === 'private' ? { flags: MessageFlags.Ephemeral } : {});
    const topic = command === 'ask' ? TOPIC_VALUE.exec(text) : null;
    const replies = topic
      ? // Autocomplete is only a suggestion in the client: the id is checked here.
        await bot.handleAction({ platform: 'discord', ...who(interaction), action: encodeAction({ type: 'topic', sectionId: topic[1]! }) })
      : await bot.handleCommand({ platform: 'discord', ...who(interaction), command, text });
    await deliver(interaction, replies, deferred);
  };

  const onButton = async (interaction: ButtonInteraction): Promise<void> => {
    // "Tell the note authors" opens a form; its answer comes back as a modal submit.
    if (decodeAction(interaction.customId)?.type === 'missing') {
      await interaction.showModal(MISSING_MODAL);
      return;
    }
    // "Run again" starts a sandbox run: seconds, over Discord's 3 s. Defer privately first.
    const deferred: Deferral = decodeAction(interaction.customId)?.type === 'run-again' ? 'private' : null;
    if (deferred) await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const replies = await bot.handleAction({ platform: 'discord', ...who(interaction), action: interaction.customId });
    await deliver(interaction, replies, deferred);
  };

  const onModal = async (interaction: ModalSubmitInteraction): Promise<void> => {
    if (interaction.customId !== MISSING_MODAL.custom_id) return;
    const text = interaction.fields.getTextInputValue(MISSING_FIELD);
    const replies = await bot.handleCommand({ platform: 'discord', ...who(interaction), command: 'missing', text });
    await deliver(interaction, replies, null);
  };

  const onAutocomplete = async (interaction: AutocompleteInteraction): Promise<void> => {
    const typed = String(interaction.options.getFocused() ?? '').slice(0, 200);
    const choices = suggestTopics(knowledge.index, typed, 25).map((section) => ({
      name: truncate(section.trail.join(' › '), 100),
      value: `topic:${section.id}`,
    }));
    await interaction.respond(choices);
  };

  /**
   * Sends the core's replies for one interaction. A deferred response already has
   * its visibility, so only a reply of that same visibility may fill it; any other
   * goes as a follow-up with its own, and a deferred response nothing filled is
   * deleted (a private cooldown notice never lands in a public "thinking…").
   */
  const deliver = async (interaction: ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction, replies: readonly Reply[], deferred: Deferral): Promise<void> => {
    let original: 'open' | 'deferred' | 'used' = deferred ? 'deferred' : 'open';
    for (const reply of replies) {
      const message = renderDiscord(reply);
      const ephemeral = reply.visibility === 'private' && reply.delivery !== 'channel';
      const flags = ephemeral ? { flags: MessageFlags.Ephemeral as const } : {};
      if (original === 'open') {
        if (reply.delivery === 'update' && interaction.isButton()) await interaction.update(message);
        else await interaction.reply({ ...message, ...flags });
        original = 'used';
      } else if (original === 'deferred' && ephemeral === (deferred === 'private')) {
        await interaction.editReply(message);
        original = 'used';
      } else {
        await interaction.followUp({ ...message, ...flags });
      }
    }
    if (original === 'deferred') await interaction.deleteReply();
  };

  client.on(Events.InteractionCreate, (interaction) => {
    const work = interaction.isChatInputCommand()
      ? onCommand(interaction)
      : interaction.isButton()
        ? onButton(interaction)
        : interaction.isAutocomplete()
          ? onAutocomplete(interaction)
          : interaction.isModalSubmit()
            ? onModal(interaction)
            : Promise.resolve();
    work.catch((error: unknown) => {
      const code = (error as { code?: number }).code;
      if (code === UNKNOWN_INTERACTION) log.warn({ code }, 'Discord interaction expired before we answered');
      else log.error({ err: summary(error), code }, 'Discord interaction failed');
    });
  });
  client.on(Events.Error, (error) => log.error({ err: summary(error) }, 'Discord client error'));
  client.on(Events.ShardReconnecting, (shard) => {
    if (!stopping) log.info({ shard }, 'Discord gateway reconnecting');
  });
  client.on(Events.ShardResume, (shard) => log.info({ shard }, 'Discord gateway resumed'));
  // discord.js emits this only for a close it will not resume or re-identify after (4004, 4010–4014).
  client.on(Events.ShardDisconnect, (event, shard) => {
    if (stopping) return;
    const failure = gatewayFailure(event.code);
    failed = failure;
    log.error({ shard, code: event.code, fatal: failure.fatal }, failure.fatal ? failure.message : `${failure.message}; Discord stays not ready until the bot restarts`);
    options.onFailure?.(failure);
  });
  // Pre-emptive waits on a known bucket...
  client.rest.on('rateLimited', (info) => log.warn({ method: info.method, route: info.route, retryAfterMs: info.retryAfter, global: info.global, scope: info.scope }, 'Discord rate limit'));
  // ...and 429s Discord answered (retried by discord.js without a 'rateLimited' event).
  client.rest.on('response', (request, response) => {
    if (response.status === 429) log.warn({ method: request.method, route: request.route, status: 429, retryAfter: response.headers.get('retry-after') }, 'Discord answered 429');
  });

  let isReady = false;
  let stopping = false;
  let failed: GatewayFailure | null = null;
  client.once(Events.ClientReady, (ready) => {
    isReady = true;
    log.info({ user: ready.user.id }, `Discord ready as ${ready.user.tag}`);
  });

  return {
    client,
    async start() {
      try {
        await client.login(config.token);
        if (!client.isReady()) await new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      } catch (error) {
        await client.destroy().catch(() => undefined);
        // REST answers 401 to a bad token before the gateway is tried; the gateway closes with 4004.
        const code = (error as { code?: string }).code;
        if (code === 'TokenInvalid' || failed?.code === GatewayCloseCodes.AuthenticationFailed) throw new Error(gatewayFailure(GatewayCloseCodes.AuthenticationFailed).message);
        if (failed) throw new Error(failed.message);
        throw error;
      }
    },
    async stop() {
      stopping = true;
      isReady = false;
      await client.destroy();
    },
    async post(channelId, reply) {
      // Straight to REST, not through the channel cache: a deleted channel, or one the bot
      // cannot see, throws (10003 Unknown Channel, 50001 Missing Access) and the caller logs it as failed.
      const { embeds, components, allowedMentions } = renderDiscord(reply);
      const sent = (await client.rest.post(Routes.channelMessages(channelId), { body: { embeds, components, allowed_mentions: allowedMentions } })) as RESTPostAPIChannelMessageResult;
      return sent.id;
    },
    ready: () => isReady && failed === null && client.ws.status === 0,
    failure: () => failed,
  };
}

export interface GatewayFailure {
  readonly code: number;
  /** The token was refused: the process should exit, as nothing will work until it is replaced. */
  readonly fatal: boolean;
  readonly message: string;
}

/** What a close Discord will not resume from means, and what to do about it. */
export function gatewayFailure(code: number): GatewayFailure {
  const fix: Partial<Record<number, string>> = {
    [GatewayCloseCodes.AuthenticationFailed]: 'Discord rejected DISCORD_TOKEN (gateway close 4004, authentication failed): reset the bot token in the Discord Developer Portal and set DISCORD_TOKEN to the new one',
    [GatewayCloseCodes.InvalidShard]: 'Discord closed the gateway: invalid shard (4010)',
    [GatewayCloseCodes.ShardingRequired]: 'Discord closed the gateway: the bot is in too many servers for one shard (4011)',
    [GatewayCloseCodes.InvalidAPIVersion]: 'Discord closed the gateway: invalid API version (4012); update discord.js',
    [GatewayCloseCodes.InvalidIntents]: 'Discord closed the gateway: invalid intents (4013)',
    [GatewayCloseCodes.DisallowedIntents]: 'Discord closed the gateway: disallowed intents (4014); enable them in the Developer Portal',
  };
  return {
    code,
    fatal: code === GatewayCloseCodes.AuthenticationFailed,
    message: fix[code] ?? `Discord closed the gateway with ${code} and will not reconnect`,
  };
}

type OptionData = { name: string; value?: string | number | boolean; options?: readonly OptionData[] };
function flatten(option: OptionData): OptionData[] {
  return option.options ? option.options.flatMap(flatten) : [option];
}

/** REST errors carry request bodies and headers; log what failed, not the request. */
function summary(error: unknown): { name?: string; message: string; status?: number } {
  const e = error as { name?: string; message?: string; status?: number };
  return { name: e?.name, message: String(e?.message ?? error), status: e?.status };
}
