import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

/**
 * `/docker` as Discord sees it: data, registered by `npm run discord:register`
 * and mapped back to the core's text commands by `commandText`.
 */
export const DOCKER_COMMAND = {
  name: 'docker',
  description: 'Docker answers, a daily quiz and a safe sandbox, from the team’s notes',
  // Where it can be used: servers that installed the bot, and DMs with the bot
  // (`contexts` / `integration_types` replace the deprecated `dm_permission`).
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'ask',
      description: 'Answer a question from the notes',
      options: [{ type: ApplicationCommandOptionType.String, name: 'question', description: 'e.g. how do volumes work, docker exec, --pid=host', required: true, autocomplete: true, max_length: 1000 }],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'help', description: 'What Wharfie can do' },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'run',
      description: 'Run a docker run line in a throwaway, locked-down container',
      options: [{ type: ApplicationCommandOptionType.String, name: 'command', description: 'e.g. busybox echo hi', required: true, max_length: 2000 }],
    },
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: 'quiz',
      description: 'The daily quiz',
      options: [
        { type: ApplicationCommandOptionType.Subcommand, name: 'now', description: 'Post a quiz question in this channel now' },
        { type: ApplicationCommandOptionType.Subcommand, name: 'me', description: 'Your score and streak' },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'leaderboard',
          description: 'Who knows their Docker',
          options: [
            {
              type: ApplicationCommandOptionType.String,
              name: 'period',
              description: 'week, month or all time',
              choices: [
                { name: 'this week', value: 'week' },
                { name: 'this month', value: 'month' },
                { name: 'all time', value: 'all' },
              ],
            },
          ],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'schedule',
          description: 'Post the quiz here daily (admins)',
          options: [
            { type: ApplicationCommandOptionType.String, name: 'time', description: 'HH:MM, e.g. 09:30', required: true, max_length: 5 },
            { type: ApplicationCommandOptionType.String, name: 'zone', description: 'IANA time zone, e.g. Europe/London', required: true, max_length: 64 },
            { type: ApplicationCommandOptionType.String, name: 'days', description: 'weekdays, daily, or e.g. mon,wed,fri', max_length: 40 },
          ],
        },
        { type: ApplicationCommandOptionType.Subcommand, name: 'stop', description: 'Stop the daily quiz here (admins)' },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'missing',
      description: 'Tell the note authors what the notes lack',
      options: [{ type: ApplicationCommandOptionType.String, name: 'what', description: 'What you were looking for', required: true, max_length: 1000 }],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'report',
      description: 'What the notes do not answer well (admins)',
      options: [{ type: ApplicationCommandOptionType.String, name: 'period', description: 'e.g. 30d, 2w, 12h (default 30d)', max_length: 8 }],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Autocomplete offers topics by id; anything else typed is a question. */
export const TOPIC_VALUE = /^topic:([\w-]{1,40})$/;

export interface InvokedCommand {
  readonly group: string | null;
  readonly subcommand: string;
  readonly options: Readonly<Record<string, string | undefined>>;
}

/** The core command and its arguments for what was invoked. */
export function coreCommand({ group, subcommand, options }: InvokedCommand): { command: string; text: string } {
  if (group === 'quiz') {
    const rest = subcommand === 'leaderboard' ? [options.period] : subcommand === 'schedule' ? [options.time, options.zone, options.days] : [];
    return { command: 'quiz', text: [subcommand === 'now' ? '' : subcommand, ...rest].filter(Boolean).join(' ') };
  }
  switch (subcommand) {
    case 'ask':
      return { command: 'ask', text: options.question ?? '' };
    case 'run':
      return { command: 'run', text: options.command ?? '' };
    case 'missing':
      return { command: 'missing', text: options.what ?? '' };
    case 'report':
      return { command: 'report', text: options.period ?? '' };
    default:
      return { command: subcommand, text: '' };
  }
}
