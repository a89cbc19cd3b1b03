import type { Platform } from '../events.js';
import type { KnowledgeBase } from '../knowledge-base.js';
import { reply, type Reply } from '../reply.js';
import { spell, type CommandName } from './syntax.js';

const ENTRIES: readonly (readonly [CommandName, string])[] = [
  ['ask', 'the note that answers it, e.g. how do volumes work, docker exec, --pid=host'],
  ['quiz', 'post a quiz question in this channel now'],
  ['quiz me', 'your score and streak'],
  ['quiz leaderboard', 'who knows their Docker'],
  ['quiz schedule', 'the daily quiz in this channel (admins)'],
  ['quiz stop', 'stop the daily quiz here (admins)'],
  ['run', 'run a command in a throwaway, locked-down container and see its output'],
  ['missing', 'tell the note authors what the notes lack'],
  ['report', 'what the notes could answer better (admins)'],
  ['help', 'this message'],
];

/** Topics named in help at most; the rest are counted. */
const MAX_TOPICS = 40;

/** Every command in the platform's own syntax, and what the notes cover. */
export function helpReply(platform: Platform, knowledge?: KnowledgeBase): Reply {
  const lines = [
    'I answer Docker questions from the team’s notes, quiz the channel, and run safe `docker run` commands.',
    '',
    ...ENTRIES.map(([command, what]) => `• \`${spell(platform, command)}\`: ${what}`),
  ];
  const topics = knowledge ? topicLines(knowledge) : [];
  if (topics.length > 0) lines.push('', '**Topics in the notes**', ...topics);
  return reply({ kind: 'help', title: 'Wharfie: Docker from your notes', summary: 'What Wharfie can do', blocks: [{ kind: 'markdown', markdown: lines.join('\n') }] });
}

/** One line per note: its title, then the headings under it. */
function topicLines(knowledge: KnowledgeBase): string[] {
  const notes = new Map<string, string[]>();
  for (const section of knowledge.index.sections) {
    if (section.units.length === 0 && section.trail.length < 2) continue;
    const [note = '', topic] = section.trail;
    const topics = notes.get(note) ?? [];
    if (topic && !topics.includes(topic)) topics.push(topic);
    notes.set(note, topics);
  }
  let named = 0;
  let left = 0;
  const lines: string[] = [];
  for (const [note, topics] of notes) {
    const room = Math.max(0, MAX_TOPICS - named);
    named += Math.min(room, topics.length);
    left += Math.max(0, topics.length - room);
    if (room === 0 && topics.length > 0) continue;
    lines.push(topics.length > 0 ? `• **${note}**: ${topics.slice(0, room).join(' · ')}` : `• ${note}`);
  }
  if (left > 0) lines.push(`… and ${left} more`);
  return lines;
}
