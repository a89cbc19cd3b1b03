import type { CommandEvent } from '../events.js';
import type { ChannelRef } from '../quiz/quiz-store.js';
import { quizUnavailableNotice, type Quiz } from '../quiz/quiz-service.js';
import { notice, type Reply } from '../reply.js';
import type { Command } from './command.js';

const USAGE = 'Quiz commands: `/docker quiz` (a question now), `/docker quiz me`, `/docker quiz leaderboard [week|month|all]`, `/docker quiz schedule 09:30 Europe/London weekdays`, `/docker quiz stop`.';

export const quiz: Command = {
  name: 'quiz',
  usage: '/docker quiz [me|leaderboard|schedule|stop]',
  summary: 'The daily quiz',
  async run({ event, args, deps }) {
    if (!deps.quiz) return [notice('The quiz is not enabled on this bot.')];
    try {
      return await quizSubcommand(deps.quiz, event, args);
    } catch (error) {
      // The quiz is optional: when its database fails, it says so and nothing else stops.
      const unavailable = quizUnavailableNotice(error);
      if (!unavailable) throw error;
      deps.log.warn({ err: { message: (error as Error).message }, platform: event.platform }, 'quiz command met an unavailable store');
      return [unavailable];
    }
  },
};

async function quizSubcommand(quiz: Quiz, event: CommandEvent, args: string): Promise<Reply[]> {
  const channel: ChannelRef = { platform: event.platform, channelId: event.channel.id };
  const [word = '', ...rest] = args.split(/\s+/).filter(Boolean);
  switch (word.toLowerCase()) {
    case '':
    case 'now':
      return quiz.postNow(channel, { platform: event.platform, user: event.user });
    case 'me':
      return [await quiz.me(channel, event.platform, event.user)];
    case 'leaderboard':
    case 'scores': {
      const period = (rest[0] ?? 'week').toLowerCase();
      if (period !== 'week' && period !== 'month' && period !== 'all') return [notice('Leaderboard periods: `week`, `month` or `all`.')];
      return [await quiz.leaderboard(channel, period)];
    }
    case 'schedule':
      return [await quiz.schedule(channel, event.platform, event.user, rest.join(' '))];
    case 'stop':
      return [await quiz.stop(channel, event.platform, event.user)];
    default:
      return [notice(USAGE)];
  }
}
