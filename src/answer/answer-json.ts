import type { Answer, Candidate } from './compose-answer.js';

/**
 * The `wharfie ask --json` contract. Outside tools and evaluations read it:
 * change nothing here without changing the README and the contract test.
 */
export interface AnswerJson {
  readonly question: string;
  readonly found: boolean;
  readonly answer: {
    readonly title: string;
    readonly trail: string[];
    readonly source: string;
    readonly text: string;
    readonly score: number;
  } | null;
  readonly results: { readonly title: string; readonly trail: string[]; readonly source: string; readonly score: number }[];
  readonly suggestions: string[];
}

export function answerJson(answer: Answer): AnswerJson {
  const best = answer.found ? answer.best : null;
  return {
    question: answer.question,
    found: best !== null,
    answer: best
      ? {
          title: best.section.title,
          trail: [...best.section.trail],
          source: best.section.source,
          text: best.excerpt.markdown,
          score: clamp(best.score),
        }
      : null,
    results: answer.results.map(resultJson),
    suggestions: answer.suggestions.map((s) => s.title),
  };
}

function resultJson(candidate: Candidate): AnswerJson['results'][number] {
  return {
    title: candidate.section.title,
    trail: [...candidate.section.trail],
    source: candidate.section.source,
    score: clamp(candidate.score),
  };
}

function clamp(score: number): number {
  return Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
}
