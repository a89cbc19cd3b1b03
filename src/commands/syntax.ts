import type { Platform } from '../events.js';

/**
 * How each command is typed where the user is: Slack's `/docker` takes free
 * text, Discord's `/docker` has registered subcommands with named options,
 * and the terminal takes the words alone. Help, usage notices and hints all
 * say a command through here, so no platform is told another's syntax.
 */
export type CommandName = 'ask' | 'help' | 'quiz' | 'quiz me' | 'quiz leaderboard' | 'quiz schedule' | 'quiz stop' | 'run' | 'missing' | 'report';

type Spelling = { readonly slack: string; readonly discord: string; readonly plain: string };

const SPELLING = {
  ask: { slack: '/docker <question>', discord: '/docker ask question:<question>', plain: '<question>' },
  help: { slack: '/docker help', discord: '/docker help', plain: 'help' },
  quiz: { slack: '/docker quiz', discord: '/docker quiz now', plain: 'quiz' },
  'quiz me': { slack: '/docker quiz me', discord: '/docker quiz me', plain: 'quiz me' },
  'quiz leaderboard': { slack: '/docker quiz leaderboard [week|month|all]', discord: '/docker quiz leaderboard [period]', plain: 'quiz leaderboard [week|month|all]' },
  'quiz schedule': {
    slack: '/docker quiz schedule 09:30 Europe/London weekdays',
    discord: '/docker quiz schedule time:09:30 zone:Europe/London days:weekdays',
    plain: 'quiz schedule 09:30 Europe/London weekdays',
  },
  'quiz stop': { slack: '/docker quiz stop', discord: '/docker quiz stop', plain: 'quiz stop' },
  run: { slack: '/docker run busybox echo hi', discord: '/docker run command:busybox echo hi', plain: 'run busybox echo hi' },
  missing: { slack: '/docker missing <what you were looking for>', discord: '/docker missing what:<what you were looking for>', plain: 'missing <what you were looking for>' },
  report: { slack: '/docker report [30d]', discord: '/docker report [period:30d]', plain: 'report [30d]' },
} as const satisfies Record<CommandName, Spelling>;

/** The command as the user would type it on their platform. */
export function spell(platform: Platform, command: CommandName): string {
  const spelling: Spelling = SPELLING[command];
  return platform === 'slack' ? spelling.slack : platform === 'discord' ? spelling.discord : spelling.plain;
}
