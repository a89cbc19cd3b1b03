import { notice } from '../reply.js';
import type { Command } from './command.js';

const USAGE = 'Quiz commands: `/docker quiz` (a question now), `/docker quiz me`, `/docker quiz leaderboard [week|month|all]`, `/docker quiz schedule 09:30 Europe/London weekdays`, `/docker quiz stop`.';

export const quiz: Command = {
  name: 'quiz',
  usage: '/docker quiz [me|leaderboard|schedule|stop]',
  summary: 'The daily quiz',
  async run({ event, args, deps }) {
    if (!deps.quiz) return [notice('The quiz is not enabled on this bot.')];
    const channel = { platform: event.platform, channelId: event.channel.id };
    const [word = '', ...rest] = args.split(/\s+/).filter(Boolean);
    switch (word.toLowerCase()) {
      case '':
      case 'now':
        return deps.quiz.postNow(channel);
      case 'me':
        return [deps.quiz.me(channel, event.platform, event.user)];
      case 'leaderboard':
      case 'scores': {
        const period = (rest[0] ?? 'week').toLowerCase();
        if (period !== 'week' && period !== 'month' && period !== 'all') return [notice('Leaderboard periods: `week`, `month` or `all`.')];
        return [deps.quiz.leaderboard(channel, period)];
      }
      case 'schedule':
        return [await deps.quiz.schedule(channel, event.platform, event.user, rest.join(' '))];
      case 'stop':
        return [await deps.quiz.stop(channel, event.platform, event.user)];
      default:
        return [notice(USAGE)];
    }
  },
};
