import { cutToLength } from './input.js';

/**
 * Button payloads. Every platform hands the string back untouched when the
 * button is pressed; Discord caps it hardest (`custom_id` ≤ 100 characters),
 * so every action fits in 100 and carries what it needs to be re-run without
 * server-side state: a section id and the question (cut if long).
 */

export const MAX_ACTION_LENGTH = 100;
const PREFIX = 'w1';

export type Action =
  /** Post this answer to the channel for everyone. */
  | { readonly type: 'share'; readonly sectionId: string; readonly question: string }
  | { readonly type: 'vote'; readonly vote: 'up' | 'down'; readonly sectionId: string; readonly question: string }
  /** Answer about this section: "see also", or a note to read. */
  | { readonly type: 'topic'; readonly sectionId: string }
  /** A suggestion under "not in the notes": its answer takes the place of that message. */
  | { readonly type: 'suggestion'; readonly sectionId: string }
  /** The reference's section offered beside an unsure note: answered like a topic, and kept as a gap in the notes. */
  | { readonly type: 'reference-pick'; readonly sectionId: string; readonly question: string }
  | { readonly type: 'quiz-answer'; readonly postId: string; readonly choice: number }
  | { readonly type: 'run-again'; readonly command: string }
  /** "Tell the note authors what was missing": a form where the platform has one (Slack and Discord modals). */
  | { readonly type: 'missing' };

const TAGS = {
  share: 's',
  vote: 'v',
  topic: 't',
  suggestion: 'g',
  'reference-pick': 'p',
  'quiz-answer': 'q',
  'run-again': 'r',
  missing: 'm',
} as const satisfies Record<Action['type'], string>;

export function encodeAction(action: Action): string {
  const fields = ((): string[] => {
    switch (action.type) {
      case 'share':
      case 'reference-pick':
        return [action.sectionId, action.question];
      case 'vote':
        return [action.vote === 'up' ? '+' : '-', action.sectionId, action.question];
      case 'topic':
      case 'suggestion':
        return [action.sectionId];
      case 'quiz-answer':
        return [action.postId, String(action.choice)];
      case 'run-again':
        return [action.command];
      case 'missing':
        return [];
    }
  })();
  const head = [PREFIX, TAGS[action.type], ...fields.slice(0, -1)].join('|');
  return `${head}|${cutToLength(fields[fields.length - 1] ?? '', MAX_ACTION_LENGTH - head.length - 1)}`;
}

/**
 * For payloads that must arrive whole (a command to run again): null when the
 * action does not fit, never a cut version that would do something else.
 */
export function encodeWholeAction(action: Action): string | null {
  const encoded = encodeAction(action);
  const decoded = decodeAction(encoded);
  return decoded && JSON.stringify(decoded) === JSON.stringify(action) ? encoded : null;
}

/** Null for anything not made by `encodeAction` (old buttons, forged payloads). */
export function decodeAction(raw: string): Action | null {
  if (raw.length > MAX_ACTION_LENGTH) return null;
  const [prefix, tag, ...fields] = raw.split('|');
  if (prefix !== PREFIX) return null;
  // The last field may itself contain '|': it takes the rest.
  const rest = (from: number): string => fields.slice(from).join('|');
  const [a = '', b = ''] = fields;
  switch (tag) {
    case TAGS.share:
      return a ? { type: 'share', sectionId: a, question: rest(1) } : null;
    case TAGS.vote:
      if ((a !== '+' && a !== '-') || !b) return null;
      return { type: 'vote', vote: a === '+' ? 'up' : 'down', sectionId: b, question: rest(2) };
    case TAGS.topic:
      return a ? { type: 'topic', sectionId: a } : null;
    case TAGS.suggestion:
      return a ? { type: 'suggestion', sectionId: a } : null;
    case TAGS['reference-pick']:
      return a && rest(1) ? { type: 'reference-pick', sectionId: a, question: rest(1) } : null;
    case TAGS['quiz-answer']: {
      const choice = Number(b);
      return a && /^\d$/.test(b) ? { type: 'quiz-answer', postId: a, choice } : null;
    }
    case TAGS['run-again']:
      return rest(0) ? { type: 'run-again', command: rest(0) } : null;
    case TAGS.missing:
      return { type: 'missing' };
    default:
      return null;
  }
}

