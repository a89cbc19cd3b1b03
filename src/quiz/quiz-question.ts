import { normalizeText } from '../search/stem.js';

/**
 * A multiple-choice question, traceable to the note it came from. The shape
 * of `wharfie quiz --json`: a contract other tools read.
 */
export interface QuizQuestion {
  /** Stable while the note it comes from says the same thing. */
  readonly id: string;
  readonly question: string;
  /** Four choices, markdown; exactly one is `answer`. */
  readonly choices: readonly string[];
  /** The correct choice, exactly as it appears in `choices`. */
  readonly answer: string;
  readonly explanation: string;
  /** Heading trail of the note it comes from. */
  readonly trail: readonly string[];
  /** The note's file, relative to its knowledge folder. */
  readonly source: string;
  /** How it was made: kinds of generated question, or hand-written. */
  readonly kind: 'command' | 'which-command' | 'flag' | 'topic' | 'hand-written';
}

export const CHOICES = 4;

/** Comparable form of a choice: case, markdown and punctuation set aside. */
export function comparable(text: string): string {
  return normalizeText(text).replace(/[`*_]/g, '').replace(/[^\p{L}\p{N}-]+/gu, ' ').trim();
}

/** What is wrong with a question, if anything: the rules every question, generated or written, must pass. */
export function problemsWith(question: QuizQuestion): string[] {
  const problems: string[] = [];
  if (question.question.trim() === '') problems.push('the question is empty');
  if (question.choices.length !== CHOICES) problems.push(`has ${question.choices.length} choices, not ${CHOICES}`);
  const keys = question.choices.map(comparable);
  if (new Set(keys).size !== keys.length) problems.push('two choices say the same thing');
  if (keys.some((k) => k === '')) problems.push('a choice is empty');
  const correct = question.choices.filter((c) => c === question.answer).length;
  if (correct !== 1) problems.push(`${correct} choices are the answer, not exactly one`);
  const answer = comparable(question.answer);
  if (answer.length > 2 && comparable(question.question).includes(answer)) problems.push('the question gives the answer away');
  if (question.trail.length === 0 || question.source === '') problems.push('it does not say which note it comes from');
  if (question.explanation.trim() === '') problems.push('there is no explanation');
  return problems;
}
