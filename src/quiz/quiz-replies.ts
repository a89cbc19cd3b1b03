import { encodeAction } from '../actions.js';
import { reply, type Button, type Reply } from '../reply.js';
import type { QuizQuestion } from './quiz-question.js';
import type { QuizAnswer, QuizPost } from './quiz-store.js';
import type { Standing } from './scoring.js';

export const LETTERS = ['A', 'B', 'C', 'D'] as const;

const choiceLines = (q: QuizQuestion): string => q.choices.map((c, i) => `**${LETTERS[i]}**  ${c}`).join('\n');
export const letterOf = (q: QuizQuestion): string => LETTERS[q.choices.indexOf(q.answer)] ?? '?';
const when = (ms: number, zone: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(new Date(ms));

/**
 * The question as posted in the channel: choices listed, one button per letter.
 * A practice question (`/docker quiz`) says it does not count for streaks, and
 * points at the daily question when that one is still open.
 */
export function questionReply(post: QuizPost, zone: string, options: { practice?: boolean; dailyOpen?: boolean } = {}): Reply {
  const q = post.question;
  const practice = options.practice
    ? [{ kind: 'context' as const, markdown: `Practice question: it does not count for streaks.${options.dailyOpen ? ' Today’s daily question is still open above.' : ''}` }]
    : [];
  return reply({
    kind: 'quiz',
    visibility: 'channel',
    delivery: 'channel',
    title: 'Docker quiz',
    summary: `Docker quiz: ${q.question}`,
    blocks: [
      { kind: 'markdown', markdown: `**${q.question}**` },
      { kind: 'markdown', markdown: choiceLines(q) },
      // No note trail here: for "which topic" questions it would be the answer.
      { kind: 'context', markdown: `Answers close ${when(post.closesAt, zone)} · one answer each · the answer and its note come after` },
      ...practice,
    ],
    buttons: q.choices.map((_, i) => ({ label: LETTERS[i]!, action: encodeAction({ type: 'quiz-answer', postId: post.id, choice: i }) })),
  });
}

/**
 * The explanation without the note's trail at its end: questions stored before
 * the trail moved out of the prose carry "(Day 2 › Volumes, day-2.md)", which
 * the context line below already says.
 */
function prose(q: QuizQuestion): string {
  const trace = ` (${q.trail.join(' › ')}, ${q.source})`;
  return q.explanation.endsWith(trace) ? q.explanation.slice(0, -trace.length) : q.explanation;
}

/** What the answerer alone sees: right or wrong, why, and where the note is (once). */
export function feedbackReply(post: QuizPost, answer: QuizAnswer, noteButton: Button | null): Reply {
  const q = post.question;
  const verdict = answer.correct
    ? `✅ Right: **${letterOf(q)}** ${q.answer}`
    : `❌ Not quite: you chose **${LETTERS[answer.choice]}**, the answer is **${letterOf(q)}** ${q.answer}`;
  return reply({
    kind: 'quiz',
    summary: answer.correct ? 'Right!' : 'Not quite',
    blocks: [
      { kind: 'markdown', markdown: verdict },
      { kind: 'markdown', markdown: prose(q) },
      { kind: 'context', markdown: `From the notes: ${q.trail.join(' › ')} (${q.source})` },
    ],
    buttons: noteButton ? [noteButton] : [],
  });
}

/** After the window: the answer for everyone, and how the channel did. */
export function revealReply(post: QuizPost, answers: readonly QuizAnswer[]): Reply {
  const q = post.question;
  const right = answers.filter((a) => a.correct).length;
  const tally = answers.length === 0 ? 'Nobody answered.' : `${answers.length} answered, ${right} got it right.`;
  return reply({
    kind: 'quiz',
    visibility: 'channel',
    delivery: 'channel',
    title: 'Quiz answer',
    summary: `Quiz answer: ${letterOf(q)} ${q.answer}`,
    blocks: [
      { kind: 'markdown', markdown: `**${q.question}**\nThe answer was **${letterOf(q)}** ${q.answer}` },
      { kind: 'markdown', markdown: prose(q) },
      { kind: 'context', markdown: `${tally} · From the notes: ${q.trail.join(' › ')}` },
    ],
  });
}

export function scoreReply(stats: { correct: number; answered: number; weekCorrect: number; weekAnswered: number; streak: number; best: number }): Reply {
  const markdown =
    stats.answered === 0
      ? 'You have not answered a quiz question in this channel yet. The next one is yours.'
      : [
          `**${stats.correct}** right of ${stats.answered} answered here (this week ${stats.weekCorrect} of ${stats.weekAnswered}).`,
          `Streak: **${stats.streak}** in a row${stats.best > stats.streak ? ` (best ${stats.best})` : ''}.`,
        ].join('\n');
  return reply({ kind: 'quiz', title: 'Your quiz score', summary: 'Your quiz score', blocks: [{ kind: 'markdown', markdown }] });
}

const PERIOD_NAMES = { week: 'this week', month: 'this month', all: 'all time' } as const;

export function leaderboardReply(period: keyof typeof PERIOD_NAMES, rows: readonly Standing[]): Reply {
  const top = rows.slice(0, 10);
  return reply({
    kind: 'quiz',
    visibility: 'channel',
    delivery: 'respond',
    title: `Quiz leaderboard, ${PERIOD_NAMES[period]}`,
    summary: `Quiz leaderboard, ${PERIOD_NAMES[period]}`,
    blocks:
      top.length === 0
        ? [{ kind: 'markdown', markdown: 'No answers yet in this period.' }]
        : [{ kind: 'fields', fields: top.map((row, i) => ({ label: `${i + 1}. ${row.name}`, value: `${row.correct} right (${row.answered} answered)` })) }],
  });
}
