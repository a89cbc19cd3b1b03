import { reply, type Reply } from '../reply.js';

const HELP = [
  'I answer Docker questions from the team’s notes, quiz the channel, and run safe `docker run` commands.',
  '',
  '• `/docker <question>`: the note that answers it, e.g. `/docker how do volumes work`, `/docker docker exec`, `/docker --pid=host`',
  '• `/docker quiz`: post a quiz question now; `/docker quiz me` for your score and streak; `/docker quiz leaderboard [week|month|all]`',
  '• `/docker quiz schedule 09:30 Europe/London weekdays` / `/docker quiz stop`: the daily quiz in this channel (admins)',
  '• `/docker run busybox echo hi`: run a command in a throwaway, locked-down container and see its output',
  '• `/docker help`: this message',
].join('\n');

export function helpReply(): Reply {
  return reply({ kind: 'help', title: 'Wharfie: Docker from your notes', summary: 'What Wharfie can do', blocks: [{ kind: 'markdown', markdown: HELP }] });
}
