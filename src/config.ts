import { z } from 'zod';
import { parseSchedule, type Schedule } from './quiz/schedule.js';
import { parseSandboxHosts, type SandboxHostSpec } from './sandbox/sandbox-hosts.js';

/**
 * Every setting comes from the environment, is checked here once at start,
 * and fails fast naming the variable. Each variable is described beside its
 * check; `.env.example` and the README list the same ones (a test keeps the
 * three in step). Secrets are never part of an error message.
 */

const onOff = z.enum(['on', 'off']);
const onOffAuto = z.enum(['on', 'off', 'auto']);
const optionalString = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string())
  .optional()
  .transform((s) => (s === '' ? undefined : s));
const url = z.url({ protocol: /^https?$/ }).optional();
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const ENV_SCHEMA = z.object({
  WHARFIE_ENV_FILE: optionalString.describe(
    'Settings file read at start, under the environment (default: .env in the working folder; "off" for none). Set it in the environment, not in the file.',
  ),
  WHARFIE_KNOWLEDGE: optionalString.describe(
    'Knowledge folders, separated by ":" (default: the notes in knowledge/). Each entry is DIR, NAME=DIR or NAME=DIR@BASE_URL.',
  ),
  WHARFIE_REFERENCE: onOff.default('on').describe(
    'The bundled Docker CLI reference (third-party, Apache-2.0): answers, labelled, what the notes do not cover. off = notes only.',
  ),
  WHARFIE_CACHE_DIR: optionalString.describe('Cache of parsed notes, keyed by content hash ("off" to disable). Default node_modules/.cache/wharfie.'),
  WHARFIE_DB: z.string().default('./data/wharfie.db').describe('SQLite file for quiz state, votes and question log (created on first run).'),
  WHARFIE_DATABASE_URL: optionalString
    .refine((s) => s === undefined || /^postgres(ql)?:\/\/./.test(s), 'must be a postgres:// URL (the value is not shown: it may hold a password)')
    .describe('PostgreSQL URL (postgres://USER:PASSWORD@HOST:5432/DB): state shared by several replicas instead of WHARFIE_DB.'),
  WHARFIE_DATABASE_TIMEOUT_MS: positiveInt(5000).describe('PostgreSQL: longest a statement (or a wait for a connection or lock) may take.'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('Log level.'),
  WHARFIE_TERMINAL: onOffAuto.default('auto').describe('Terminal prompt: auto = when stdin is a terminal or no chat platform is configured.'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port: /healthz, /readyz and Slack HTTP mode.'),
  WHARFIE_HTTP: onOffAuto.default('auto').describe('HTTP server: auto = on when Slack HTTP mode or a chat platform is configured.'),

  SLACK_BOT_TOKEN: optionalString.describe('Slack bot token (xoxb-...). Enables Slack.'),
  SLACK_APP_TOKEN: optionalString.describe('Slack app-level token (xapp-...) with connections:write: Socket Mode.'),
  SLACK_SIGNING_SECRET: optionalString.describe('Slack signing secret: HTTP mode (requests to /slack/events).'),
  SLACK_API_URL: url.describe('Slack Web API base URL (GovSlack, proxies). Default https://slack.com/api/.'),

  DISCORD_TOKEN: optionalString.describe('Discord bot token. Enables Discord.'),
  DISCORD_APPLICATION_ID: optionalString.describe('Discord application id (for command registration; read from the token when unset).'),
  DISCORD_GUILD_ID: optionalString.describe('Register commands to this guild only (instant) instead of globally.'),
  DISCORD_API_URL: url.describe('Discord REST base URL (rate-limit proxies). Default https://discord.com/api.'),
  WHARFIE_DISCORD_SHARDS: optionalString.describe(
    'Discord gateway shards this replica runs, IDS/COUNT, e.g. "0,1/2" here and "2,3/4" on another (unset: one process runs them all).',
  ),

  WHARFIE_SANDBOX: onOffAuto.default('auto').describe('The `/docker run` sandbox: auto = on when a Docker engine answers.'),
  WHARFIE_SANDBOX_IMAGES: z.string().default('busybox=wharfie-sandbox-busybox:latest').describe(
    'Images users may run: NAME=LOCAL_REF pairs separated by ",". Never pulled.',
  ),
  WHARFIE_SANDBOX_RUNTIME: optionalString.describe('OCI runtime for sandbox containers, e.g. runsc (gVisor).'),
  DOCKER_HOST: optionalString.describe('Docker engine to run sandboxes on (default: the local socket).'),
  WHARFIE_SANDBOX_HOSTS: optionalString.describe(
    'A pool of Docker engines instead of DOCKER_HOST: URL*CAPACITY entries separated by ",", e.g. "unix:///var/run/docker.sock*4,tcp://sandbox-2:2376*2" (tcp = TLS).',
  ),
  DOCKER_CERT_PATH: optionalString.describe('Folder with ca.pem, cert.pem and key.pem for TLS engines (tcp:// in DOCKER_HOST or WHARFIE_SANDBOX_HOSTS).'),
  WHARFIE_SANDBOX_POOL: positiveInt(2).describe('Sandbox runs at once.'),
  WHARFIE_SANDBOX_QUEUE: z.coerce.number().int().min(0).default(4).describe('Runs that may wait for a free slot before "busy".'),
  WHARFIE_SANDBOX_TIMEOUT_MS: positiveInt(5000).describe('Wall-clock limit of one run.'),
  WHARFIE_SANDBOX_COOLDOWN_MS: z.coerce.number().int().min(0).default(3000).describe('Pause a user must leave between runs.'),

  WHARFIE_QUIZ_SCHEDULES: optionalString.describe(
    'Quiz schedules from config, separated by ";": PLATFORM:CHANNEL HH:MM ZONE [DAYS], e.g. "slack:C0123 09:30 Europe/London weekdays".',
  ),
  WHARFIE_QUIZ_WINDOW_MINUTES: z.coerce.number().int().min(0).default(0).describe('Minutes a quiz question stays open (0 = until the next post).'),

  WHARFIE_RECORD_QUESTIONS: onOff.default('on').describe('Record asked questions for the authors’ report (hashed user ids).'),
  WHARFIE_RETENTION_DAYS: positiveInt(90).describe('Days recorded questions and votes are kept.'),
  WHARFIE_REPORT_CHANNEL: optionalString.describe('PLATFORM:CHANNEL to post the weekly report digest to, e.g. slack:C0456 (unset: no digest).'),
  WHARFIE_REPORT_SCHEDULE: z.string().default('mon 09:00 UTC').describe('When the weekly digest is posted: DAY HH:MM ZONE.'),
  WHARFIE_ADMINS: optionalString.describe('User ids (PLATFORM:ID, ",") allowed admin commands besides workspace/guild admins.'),
});

export type Env = z.infer<typeof ENV_SCHEMA>;

export interface SlackConfig {
  readonly botToken: string;
  readonly mode: 'socket' | 'http';
  readonly appToken?: string;
  readonly signingSecret?: string;
  readonly apiUrl?: string;
}

export interface DiscordConfig {
  readonly token: string;
  readonly applicationId?: string;
  readonly guildId?: string;
  readonly apiUrl?: string;
  /** The gateway shards this process runs (WHARFIE_DISCORD_SHARDS); absent: all of them. */
  readonly shards?: DiscordShards;
}

export interface DiscordShards {
  readonly ids: readonly number[];
  readonly count: number;
}

export interface ConfiguredSchedule {
  readonly platform: string;
  readonly channelId: string;
  readonly schedule: Schedule;
}

export interface Config {
  readonly env: Env;
  readonly quizSchedules: readonly ConfiguredSchedule[];
  /** `platform:userId` entries allowed admin commands. */
  readonly admins: ReadonlySet<string>;
  /** Where and when the weekly report digest goes; null when no channel is set. */
  readonly digest: ConfiguredSchedule | null;
  readonly slack: SlackConfig | null;
  readonly discord: DiscordConfig | null;
  readonly sandboxImages: ReadonlyMap<string, string>;
  /** The engine pool; null = one engine, DOCKER_HOST or the local socket. */
  readonly sandboxHosts: readonly SandboxHostSpec[] | null;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(raw: Record<string, string | undefined>): Config {
  const parsed = ENV_SCHEMA.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const env = parsed.data;
  checkTokenShapes(env);
  return {
    env,
    slack: slackConfig(env),
    discord: discordConfig(env),
    sandboxImages: parseImages(env.WHARFIE_SANDBOX_IMAGES),
    sandboxHosts: sandboxHosts(env),
    quizSchedules: parseQuizSchedules(env.WHARFIE_QUIZ_SCHEDULES),
    admins: new Set((env.WHARFIE_ADMINS ?? '').split(',').map((a) => a.trim()).filter(Boolean)),
    digest: parseDigest(env.WHARFIE_REPORT_CHANNEL, env.WHARFIE_REPORT_SCHEDULE),
  };
}

/**
 * What each kind of token starts with, so a value pasted into the wrong
 * variable (or a placeholder like `foo`) fails at start, naming the variable,
 * instead of as an opaque `invalid_auth` from the platform minutes later.
 * Only the expected shape is ever printed, never any part of the value.
 */
const TOKEN_SHAPES = [
  { variable: 'SLACK_BOT_TOKEN', shape: /^xoxb-[\w-]+$/, expected: 'a Slack bot token starting with xoxb-' },
  { variable: 'SLACK_APP_TOKEN', shape: /^xapp-[\w-]+$/, expected: 'a Slack app-level token starting with xapp-' },
  { variable: 'SLACK_SIGNING_SECRET', shape: /^\S+$/, expected: 'the signing secret from Basic Information, with no spaces' },
  // Discord bot tokens are three base64url parts joined by dots (user id, timestamp, HMAC).
  { variable: 'DISCORD_TOKEN', shape: /^[\w-]+\.[\w-]+\.[\w-]+$/, expected: 'a Discord bot token (three parts separated by dots), without a "Bot " prefix' },
] as const;

function checkTokenShapes(env: Env): void {
  const wrong = TOKEN_SHAPES.filter(({ variable, shape }) => env[variable] !== undefined && !shape.test(env[variable]));
  if (wrong.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  ${wrong.map((w) => `${w.variable}: does not look like ${w.expected}`).join('\n  ')}`);
  }
}

function slackConfig(env: Env): SlackConfig | null {
  const { SLACK_BOT_TOKEN: botToken, SLACK_APP_TOKEN: appToken, SLACK_SIGNING_SECRET: signingSecret } = env;
  if (!botToken && !appToken && !signingSecret) return null;
  if (!botToken) {
    throw new ConfigError(`SLACK_BOT_TOKEN is missing: ${appToken ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET'} is set, and Slack needs the bot token too.`);
  }
  if (!appToken && !signingSecret) {
    throw new ConfigError('SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is.');
  }
  const base = { botToken, ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}) };
  return appToken
    ? { ...base, mode: 'socket', appToken, ...(signingSecret ? { signingSecret } : {}) }
    : { ...base, mode: 'http', signingSecret: signingSecret! };
}

function discordConfig(env: Env): DiscordConfig | null {
  if (!env.DISCORD_TOKEN) {
    if (env.DISCORD_GUILD_ID || env.DISCORD_APPLICATION_ID) {
      throw new ConfigError('DISCORD_TOKEN is missing: DISCORD_GUILD_ID or DISCORD_APPLICATION_ID is set without it.');
    }
    return null;
  }
  return {
    token: env.DISCORD_TOKEN,
    ...(env.DISCORD_APPLICATION_ID ? { applicationId: env.DISCORD_APPLICATION_ID } : {}),
    ...(env.DISCORD_GUILD_ID ? { guildId: env.DISCORD_GUILD_ID } : {}),
    ...(env.DISCORD_API_URL ? { apiUrl: env.DISCORD_API_URL } : {}),
    ...(env.WHARFIE_DISCORD_SHARDS ? { shards: parseShards(env.WHARFIE_DISCORD_SHARDS) } : {}),
  };
}

/** "0,1/2" → shards 0 and 1 of 2. Every id below the count, none twice. */
export function parseShards(spec: string): DiscordShards {
  const match = /^(\d+(?:\s*,\s*\d+)*)\s*\/\s*(\d+)$/.exec(spec.trim());
  const count = match ? Number(match[2]) : 0;
  const ids = match ? match[1]!.split(',').map((id) => Number(id.trim())) : [];
  if (!match || count < 1 || ids.some((id) => id >= count) || new Set(ids).size !== ids.length) {
    throw new ConfigError(`WHARFIE_DISCORD_SHARDS: "${spec}" is not IDS/COUNT with each id below COUNT, e.g. 0,1/2 on one replica and 2,3/4 on another.`);
  }
  return { ids, count };
}

export function parseImages(spec: string): Map<string, string> {
  const images = new Map<string, string>();
  for (const entry of spec.split(',').map((e) => e.trim()).filter(Boolean)) {
    const eq = entry.indexOf('=');
    if (eq <= 0 || eq === entry.length - 1) throw new ConfigError(`WHARFIE_SANDBOX_IMAGES: "${entry}" is not NAME=IMAGE.`);
    const name = entry.slice(0, eq).trim();
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) throw new ConfigError(`WHARFIE_SANDBOX_IMAGES: "${name}" is not a valid image name.`);
    images.set(name, entry.slice(eq + 1).trim());
  }
  return images;
}

function sandboxHosts(env: Env): SandboxHostSpec[] | null {
  if (!env.WHARFIE_SANDBOX_HOSTS) return null;
  const parsed = parseSandboxHosts(env.WHARFIE_SANDBOX_HOSTS);
  if ('error' in parsed) throw new ConfigError(`WHARFIE_SANDBOX_HOSTS: ${parsed.error}`);
  const tls = parsed.hosts.find((h) => h.transport === 'tcp');
  if (tls && !env.DOCKER_CERT_PATH) throw new ConfigError(`WHARFIE_SANDBOX_HOSTS: ${tls.name} is a TLS engine; set DOCKER_CERT_PATH to the folder with its ca.pem, cert.pem and key.pem.`);
  return parsed.hosts;
}

/** "slack:C0123" → where to post; null when it is not PLATFORM:CHANNEL. */
function parseTarget(text: string): { platform: string; channelId: string } | null {
  const match = /^(slack|discord|terminal):(\S+)$/.exec(text);
  return match ? { platform: match[1]!, channelId: match[2]! } : null;
}

function parseQuizSchedules(spec: string | undefined): ConfiguredSchedule[] {
  if (!spec) return [];
  return spec
    .split(';')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [where = '', ...when] = entry.split(/\s+/);
      const target = parseTarget(where);
      if (!target || when.length === 0) throw new ConfigError(`WHARFIE_QUIZ_SCHEDULES: "${entry}" is not PLATFORM:CHANNEL HH:MM ZONE [DAYS].`);
      const parsed = parseSchedule(when.join(' '));
      if ('error' in parsed) throw new ConfigError(`WHARFIE_QUIZ_SCHEDULES: "${entry}": ${parsed.error}`);
      return { ...target, schedule: parsed.schedule };
    });
}

function parseDigest(channel: string | undefined, when: string): ConfiguredSchedule | null {
  if (!channel) return null;
  const target = parseTarget(channel);
  if (!target) throw new ConfigError(`WHARFIE_REPORT_CHANNEL: "${channel}" is not PLATFORM:CHANNEL, e.g. slack:C0456.`);
  const [day = '', time = '', zone = ''] = when.trim().split(/\s+/);
  const parsed = parseSchedule(`${time} ${zone} ${day}`);
  if ('error' in parsed) throw new ConfigError(`WHARFIE_REPORT_SCHEDULE: "${when}" is not DAY HH:MM ZONE, e.g. "mon 09:00 Europe/London".`);
  return { ...target, schedule: parsed.schedule };
}
