import { encodeAction } from '../actions.js';
import type { Section } from '../knowledge/section.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { reply, type Button, type Reply, type Visibility } from '../reply.js';
import type { Answer } from './compose-answer.js';

/** How the strength of a match reads to a person. */
export function strengthLabel(score: number): string {
  if (score >= 0.75) return 'strong match';
  if (score >= 0.5) return 'good match';
  return 'partial match';
}

export function sourceLabel(section: Section): string {
  return `${section.pack}/${section.source}`;
}

/** The question cut for a button payload: long enough to re-answer the same way. */
const ACTION_QUESTION_CHARS = 80;

interface AnswerReplyOptions {
  readonly visibility?: Visibility;
  /** Offer "Share to channel" (only on private answers). */
  readonly shareable?: boolean;
}

export function answerReply(answer: Answer, knowledge: KnowledgeBase, options: AnswerReplyOptions = {}): Reply {
  const visibility = options.visibility ?? 'private';
  if (!answer.found || !answer.best) return notFoundReply(answer, visibility);
  const { section, score, excerpt } = answer.best;
  const question = answer.question.slice(0, ACTION_QUESTION_CHARS);
  const buttons: Button[] = [];
  if (visibility === 'private' && options.shareable !== false) {
    buttons.push({ label: 'Share to channel', style: 'primary', action: encodeAction({ type: 'share', sectionId: section.id, question }) });
  }
  buttons.push(
    { label: '👍 Helpful', action: encodeAction({ type: 'vote', vote: 'up', sectionId: section.id, question }) },
    { label: '👎 Not helpful', action: encodeAction({ type: 'vote', vote: 'down', sectionId: section.id, question }) },
  );
  for (const related of answer.related) {
    buttons.push({ label: `See also: ${related.title}`, action: encodeAction({ type: 'topic', sectionId: related.id }) });
  }
  const url = knowledge.url(section);
  const cut = excerpt.cut ? ' · excerpt' : '';
  return reply({
    kind: 'answer',
    visibility,
    title: section.title,
    trail: section.trail,
    question: answer.question,
    summary: `${section.trail.join(' › ')} (${strengthLabel(score)})`,
    blocks: [
      { kind: 'markdown', markdown: excerpt.markdown },
      { kind: 'context', markdown: `From ${sourceLabel(section)} · ${strengthLabel(score)} (${Math.round(score * 100)}%)${cut}` },
    ],
    buttons,
    source: url ? { label: sourceLabel(section), url } : { label: sourceLabel(section) },
  });
}

export const NOT_IN_NOTES = "That's not in the notes.";

function notFoundReply(answer: Answer, visibility: Visibility): Reply {
  const nearest = answer.suggestions;
  const markdown =
    nearest.length > 0
      ? `${NOT_IN_NOTES} The nearest topics are below; if none of them is it, the note may still need writing.`
      : `${NOT_IN_NOTES} Try other words, or \`/docker help\` to see what I can do.`;
  return reply({
    kind: 'not-found',
    visibility,
    question: answer.question,
    summary: NOT_IN_NOTES,
    blocks: [{ kind: 'markdown', markdown }],
    buttons: nearest.map((section) => ({ label: section.title, action: encodeAction({ type: 'suggestion', sectionId: section.id }) })),
  });
}
