import type { AddressInfo } from 'node:net';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  GatewayOpcodes,
  InteractionType,
  type APIApplicationCommandInteractionDataOption,
  type APIInteraction,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import { WebSocketServer, type WebSocket } from 'ws';
import { startFakeHttp, type FakeHttp, type Recorded } from './fake-http.js';

/**
 * Discord on 127.0.0.1: a fake REST API (gateway discovery, interaction
 * callbacks, webhook edits, command registration) and a fake gateway
 * (HELLO → IDENTIFY → READY, heartbeats, dispatches). Payloads are typed with
 * discord-api-types: discord.js silently drops interactions missing fields.
 */
export const APP_ID = '111111111111111111';
export const BOT_ID = '222222222222222222';
export const GUILD_ID = '333333333333333333';
export const CHANNEL_ID = '444444444444444444';
export const USER_ID = '555555555555555555';

export interface FakeDiscord {
  readonly rest: FakeHttp;
  readonly apiUrl: string;
  readonly identifies: number;
  /** The `shard` ([id, count]) of each IDENTIFY, in order; absent when the client sent none. */
  readonly identifiedShards: (readonly [number, number] | undefined)[];
  /** RESUME (op 6) requests: reconnections that kept the session. */
  readonly resumes: number;
  /** Interaction callbacks (`POST /interactions/{id}/{token}/callback`), in order. */
  callbacks(): Recorded[];
  callbackFor(interactionId: string, timeoutMs?: number): Promise<Recorded>;
  /** Webhook edits of the original response (`PATCH .../messages/@original`). */
  editFor(token: string, timeoutMs?: number): Promise<Recorded>;
  dispatch(event: string, data: unknown): void;
  /** Stop answering heartbeats, so the client resumes. */
  dropConnection(): void;
  failNextCallback(answer: { status: number; body: unknown }): void;
  /** Close the gateway connection with this code (4004: the token was reset). */
  closeWith(code: number): void;
  /** Answer the next IDENTIFY by closing with this code instead of READY. */
  failIdentifyWith(code: number): void;
  /** The next REST request whose path matches gets this answer instead (once). */
  failNextRest(path: RegExp, answer: { status: number; headers?: Record<string, string>; body: unknown }): void;
  /** Channels that no longer exist: fetching one answers 404 Unknown Channel (10003). */
  readonly deletedChannels: Set<string>;
  close(): Promise<void>;
}

export async function startFakeDiscord(): Promise<FakeDiscord> {
  const gateway = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => gateway.once('listening', () => resolve()));
  const gatewayUrl = `ws://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  let socket: WebSocket | null = null;
  let sequence = 0;
  let identifies = 0;
  const identifiedShards: (readonly [number, number] | undefined)[] = [];
  let resumes = 0;
  const callbackFailures: { status: number; body: unknown }[] = [];
  const restFailures: { path: RegExp; answer: { status: number; headers?: Record<string, string>; body: unknown } }[] = [];
  const deletedChannels = new Set<string>();
  let identifyFailure: number | null = null;

  const send = (payload: unknown): void => socket?.send(JSON.stringify(payload));
  gateway.on('connection', (ws) => {
    socket = ws;
    send({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: 41_250 } });
    ws.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { op: number; d: unknown };
      if (message.op === GatewayOpcodes.Heartbeat) send({ op: GatewayOpcodes.HeartbeatAck });
      if (message.op === GatewayOpcodes.Identify && identifyFailure !== null) {
        ws.close(identifyFailure, 'refused');
        identifyFailure = null;
        return;
      }
      if (message.op === GatewayOpcodes.Identify) {
        identifies += 1;
        identifiedShards.push((message.d as { shard?: [number, number] }).shard);
        const ready: GatewayReadyDispatchData = {
          v: 10,
          user: { id: BOT_ID, username: 'wharfie', discriminator: '0', global_name: null, avatar: null, bot: true },
          // An empty guild list, or the client waits up to 15 s for guilds.
          guilds: [],
          session_id: `session-${identifies}`,
          resume_gateway_url: gatewayUrl,
          application: { id: APP_ID, flags: 0 as GatewayReadyDispatchData['application']['flags'], flags_new: '0' },
          shard: [0, 1],
        };
        send({ op: GatewayOpcodes.Dispatch, t: 'READY', s: ++sequence, d: ready });
      }
      if (message.op === GatewayOpcodes.Resume) resumes += 1;
      if (message.op === GatewayOpcodes.Resume) send({ op: GatewayOpcodes.Dispatch, t: 'RESUMED', s: ++sequence, d: {} });
    });
  });

  const rest = await startFakeHttp((request) => {
    const path = request.path.replace(/^\/api\/v10/, '');
    const failure = restFailures.findIndex((f) => f.path.test(path));
    if (failure >= 0) return restFailures.splice(failure, 1)[0]!.answer;
    const channel = /^\/channels\/(\d+)/.exec(path)?.[1];
    if (channel && deletedChannels.has(channel)) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
    if (path === '/gateway/bot') {
      return { body: { url: gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } } };
    }
    if (path === '/applications/@me') return { body: { id: APP_ID, name: 'Wharfie', flags: 0 } };
    if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      const failure = callbackFailures.shift();
      return failure ?? { status: 204 };
    }
    if (/^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(path) || /^\/webhooks\/\d+\/[^/]+$/.test(path)) {
      return { body: message(request) };
    }
    if (/^\/applications\/\d+\/(guilds\/\d+\/)?commands$/.test(path) && request.method === 'PUT') {
      const commands = request.json as { name: string }[];
      return { body: commands.map((c, i) => ({ ...c, id: `${900 + i}`, application_id: APP_ID, version: '1' })) };
    }
    if (/^\/channels\/\d+\/messages$/.test(path)) return { body: message(request) };
    if (/^\/channels\/\d+$/.test(path)) return { body: { id: path.split('/')[2], type: ChannelType.GuildText, guild_id: GUILD_ID, name: 'general' } };
    return { status: 404, body: { message: 'Unknown', code: 0 } };
  });

  const apiUrl = `${rest.url}/api`;
  return {
    rest,
    apiUrl,
    get identifies() {
      return identifies;
    },
    identifiedShards,
    get resumes() {
      return resumes;
    },
    callbacks: () => rest.requests.filter((r) => r.path.endsWith('/callback')),
    callbackFor: (id, timeoutMs) => rest.waitFor((r) => r.path.startsWith(`/api/v10/interactions/${id}/`), timeoutMs),
    editFor: (token, timeoutMs) => rest.waitFor((r) => r.method === 'PATCH' && r.path.includes(`/${token}/messages/@original`), timeoutMs),
    dispatch(event, data) {
      send({ op: GatewayOpcodes.Dispatch, t: event, s: ++sequence, d: data });
    },
    dropConnection() {
      socket?.terminate();
    },
    failNextCallback(answer) {
      callbackFailures.push(answer);
    },
    closeWith(code) {
      socket?.close(code, 'closed by the fake');
    },
    failIdentifyWith(code) {
      identifyFailure = code;
    },
    failNextRest(path, answer) {
      restFailures.push({ path, answer });
    },
    deletedChannels,
    async close() {
      for (const client of gateway.clients) client.terminate();
      await new Promise<void>((resolve) => gateway.close(() => resolve()));
      await rest.close();
    },
  };
}

/** A message as Discord returns it, from the bot. */
function botMessage(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: nextId(),
    channel_id: CHANNEL_ID,
    author: { id: BOT_ID, username: 'wharfie', discriminator: '0', global_name: null, avatar: null, bot: true },
    content: '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    ...fields,
  };
}

function message(request: Recorded): Record<string, unknown> {
  return botMessage((request.json ?? {}) as Record<string, unknown>);
}

let counter = 0;
const nextId = (): string => `${700000000000000000n + BigInt(++counter)}`;

interface Who {
  readonly userId?: string;
  /** Manage Server in the member's permissions. */
  readonly admin?: boolean;
  readonly dm?: boolean;
}

function base(type: InteractionType, who: Who = {}) {
  const user = { id: who.userId ?? USER_ID, username: 'ada', discriminator: '0', global_name: 'Ada', avatar: null };
  const id = nextId();
  const common = {
    id,
    application_id: APP_ID,
    type,
    token: `token-${id}`,
    version: 1,
    app_permissions: '0',
    locale: 'en-GB',
    entitlements: [],
    authorizing_integration_owners: {},
    attachment_size_limit: 8_388_608,
  } as const;
  if (who.dm) {
    return { ...common, user, channel: { id: CHANNEL_ID, type: ChannelType.DM }, channel_id: CHANNEL_ID, context: 2 };
  }
  return {
    ...common,
    guild_id: GUILD_ID,
    guild_locale: 'en-GB',
    guild: { id: GUILD_ID, locale: 'en-GB', features: [] },
    channel: { id: CHANNEL_ID, type: ChannelType.GuildText, name: 'general' },
    channel_id: CHANNEL_ID,
    member: {
      user,
      roles: [],
      joined_at: '2024-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
      permissions: who.admin ? String(1n << 5n) : '0',
    },
    context: 0,
  };
}

type Options = APIApplicationCommandInteractionDataOption[];

/** `/docker <sub> [options]` (type 2), or `/docker <group> <sub>`. */
export function slashInteraction(sub: string, options: Record<string, string> = {}, who: Who = {}, group?: string): APIInteraction {
  const leaf: Options = Object.entries(options).map(([name, value]) => ({ type: ApplicationCommandOptionType.String, name, value }));
  const subcommand = { type: ApplicationCommandOptionType.Subcommand, name: sub, options: leaf } as APIApplicationCommandInteractionDataOption;
  const top: Options = group ? [{ type: ApplicationCommandOptionType.SubcommandGroup, name: group, options: [subcommand] } as APIApplicationCommandInteractionDataOption] : [subcommand];
  return { ...base(InteractionType.ApplicationCommand, who), data: { id: '900', name: 'docker', type: ApplicationCommandType.ChatInput, options: top } } as unknown as APIInteraction;
}

/** Autocomplete while typing `/docker ask question:<typed>` (type 4). */
export function autocompleteInteraction(typed: string, who: Who = {}): APIInteraction {
  const focused = { type: ApplicationCommandOptionType.String, name: 'question', value: typed, focused: true };
  return {
    ...base(InteractionType.ApplicationCommandAutocomplete, who),
    data: { id: '900', name: 'docker', type: ApplicationCommandType.ChatInput, options: [{ type: ApplicationCommandOptionType.Subcommand, name: 'ask', options: [focused] }] },
  } as unknown as APIInteraction;
}

/** A press of one of our buttons on an (ephemeral) bot message (type 3). */
export function buttonInteraction(customId: string, who: Who = {}): APIInteraction {
  return {
    ...base(InteractionType.MessageComponent, who),
    message: botMessage({ flags: 64, components: [] }),
    data: { custom_id: customId, component_type: ComponentType.Button },
  } as unknown as APIInteraction;
}

/** A submitted modal (type 5): one text input per field, each inside a Label, as Discord sends them. */
export function modalSubmitInteraction(customId: string, values: Record<string, string>, who: Who = {}): APIInteraction {
  return {
    ...base(InteractionType.ModalSubmit, who),
    data: {
      custom_id: customId,
      components: Object.entries(values).map(([id, value], i) => ({ type: ComponentType.Label, id: i + 1, component: { type: ComponentType.TextInput, id: i + 100, custom_id: id, value } })),
    },
  } as unknown as APIInteraction;
}
