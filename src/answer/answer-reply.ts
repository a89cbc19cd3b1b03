import { encodeAction } from '../actions.js';
import type { Section } from '../knowledge/section.js';
import type { KnowledgeBase } from '../knowledge-base.js';
import { reply, type Block, type Button, type Reply, type Visibility } from '../reply.js';
import type { Answer, Confidence } from './compose-answer.js';

/** How sure the bot is, in words: from the answer's confidence, never from the raw score. */
export function confidenceLabel(confidence: Confidence | null): string {
  switch (confidence) {
    case 'strong':
      return 'strong match';
    case 'good':
      return 'good match';
    default:
      return 'unsure';
  }
}

/** The label on top of every answer that does not come from the team's notes. */
export const FROM_REFERENCE = 'Not in your notes — from the Docker CLI reference';
/** Heads the close runners-up, offered as buttons after the answer. */
export const ALTERNATIVES_HEADING = 'Closest notes — pick one';
/** Labels the reference section offered beside an unsure answer from the notes. */
export const REFERENCE_CHOICE = 'Docker CLI reference';
/** Alternatives offered at most (Discord allows 25 buttons, shared with share, votes, "see also" and the reference's section). */
const MAX_ALTERNATIVES = 4;

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
  // Mention syntax (`<!channel>`, `<@U1>`) says who was addressed, not what was asked: a button never carries it.
  const question = answer.question.replace(/<[@!#][^>\s]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, ACTION_QUESTION_CHARS);
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
  const alternatives = answer.alternatives.filter((alt) => alt.id !== section.id).slice(0, MAX_ALTERNATIVES);
  for (const alt of alternatives) {
    buttons.push({ label: alt.title, action: encodeAction({ type: 'topic', sectionId: alt.id }) });
  }
  const referencePick = answer.referenceAlternative;
  if (referencePick) {
    // The page's command keeps the label short (Slack cuts at 75 characters); the line above the buttons names the section.
    const action = encodeAction({ type: 'reference-pick', sectionId: referencePick.id, question });
    buttons.push({ label: `${REFERENCE_CHOICE}: ${referencePick.trail[0] ?? referencePick.title}`, action });
  }
  const fromReference = answer.from === 'reference';
  const url = knowledge.url(section);
  const cut = excerpt.cut ? ' · excerpt' : '';
  const strength = confidenceLabel(answer.confidence);
  const blocks: Block[] = [];
  if (fromReference) blocks.push({ kind: 'context', markdown: `**${FROM_REFERENCE}**` });
  blocks.push(
    { kind: 'markdown', markdown: excerpt.markdown },
    { kind: 'context', markdown: `From ${sourceLabel(section)} · ${strength} (${Math.round(score * 100)}%)${cut}` },
  );
  if (alternatives.length > 0) {
    const heading = alternatives.every((alt) => knowledge.roleOf(alt) === 'reference') ? 'Closest reference pages — pick one' : ALTERNATIVES_HEADING;
    blocks.push({ kind: 'context', markdown: `${heading}: ${alternatives.map((alt) => alt.trail.join(' › ')).join(' · ')}` });
  }
  if (referencePick) blocks.push({ kind: 'context', markdown: `Or, outside your notes, the ${REFERENCE_CHOICE}: ${referencePick.trail.join(' › ')}` });
  return reply({
    kind: 'answer',
    visibility,
    title: section.title,
    trail: section.trail,
    question: answer.question,
    summary: `${fromReference ? `${FROM_REFERENCE}: ` : ''}${section.trail.join(' › ')} (${strength})`,
    blocks,
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
