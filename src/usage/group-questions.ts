import { distance } from 'fastest-levenshtein';
import { defaultAnalyzer } from '../lexicon/default-lexicon.js';

/**
 * Near-duplicate questions, grouped: "how do I deploy to kubernetes",
 * "deploying to kubernetes?" and "kubernets deploy" are one thing the notes
 * lack. Questions are compared as sets of word stems (stop words out), a stem
 * matching another when equal or one typo apart; two questions belong together
 * when most of their stems match.
 */
export interface QuestionGroup {
  readonly questions: readonly string[];
  /** How many records carry any of them (asks, and in the authors' report, picks of the reference). */
  readonly count: number;
}

const SAME_GROUP = 0.5;

export function groupQuestions(questions: readonly string[]): QuestionGroup[] {
  const groups: { terms: string[][]; questions: string[]; count: number }[] = [];
  for (const question of questions) {
    const terms = [...new Set(defaultAnalyzer.wordTerms(question))];
    const home = groups.find((g) => g.terms.some((other) => similarity(terms, other) >= SAME_GROUP));
    if (home) {
      home.count += 1;
      if (!home.questions.includes(question)) {
        home.questions.push(question);
        home.terms.push(terms);
      }
    } else {
      groups.push({ terms: [terms], questions: [question], count: 1 });
    }
  }
  return groups.map(({ questions: q, count }) => ({ questions: q, count })).sort((a, b) => b.count - a.count);
}

function similarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 1 : 0;
  const matched = a.filter((term) => b.some((other) => sameTerm(term, other))).length;
  return matched / (a.length + b.length - matched);
}

function sameTerm(a: string, b: string): boolean {
  if (a === b) return true;
  const longer = Math.max(a.length, b.length);
  return longer >= 5 && distance(a, b) <= (longer >= 8 ? 2 : 1);
}
