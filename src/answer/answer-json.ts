import type { Section } from '../knowledge/section.js';
import type { Answer, AnswerOrigin, Candidate, Confidence } from './compose-answer.js';

/**
 * The `wharfie ask --json` contract. Outside tools and evaluations read it:
 * change nothing here without changing the README and the contract test.
 * Fields are only ever added (at the end), never renamed or dropped.
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
    readonly from: AnswerOrigin;
    readonly confidence: Confidence;
  } | null;
  readonly results: { readonly title: string; readonly trail: string[]; readonly source: string; readonly score: number }[];
  readonly suggestions: string[];
  /** Where the answer comes from: the notes, or the bundled Docker CLI reference as a fallback; null when not found. */
  readonly from: AnswerOrigin | null;
  /** How sure the bot is, in words; null when not found. */
  readonly confidence: Confidence | null;
  /** Close runners-up offered as one-click choices; empty unless the first candidates were close. */
  readonly alternatives: { readonly title: string; readonly trail: string[]; readonly source: string }[];
  /** Beside an unsure answer from the notes: the Docker CLI reference's best section, offered as one more choice; null otherwise. */
  readonly referenceAlternative: { readonly title: string; readonly trail: string[]; readonly source: string } | null;
}

export function answerJson(answer: Answer): AnswerJson {
  const best = answer.found ? answer.best : null;
  const from = best ? (answer.from ?? 'notes') : null;
  const confidence = best ? (answer.confidence ?? 'unsure') : null;
  return {
    question: answer.question,
    found: best !== null,
    answer:
      best && from && confidence
        ? {
            title: best.section.title,
            trail: [...best.section.trail],
            source: best.section.source,
            text: best.excerpt.markdown,
            score: clamp(best.score),
            from,
            confidence,
          }
        : null,
    results: answer.results.map(resultJson),
    suggestions: answer.suggestions.map((s) => s.title),
    // Added later: new fields go last, so the order of the old ones never changes.
    from,
    confidence,
    alternatives: answer.alternatives.map(alternativeJson),
    referenceAlternative: answer.referenceAlternative ? alternativeJson(answer.referenceAlternative) : null,
  };
}

function alternativeJson(section: Section): AnswerJson['alternatives'][number] {
  return { title: section.title, trail: [...section.trail], source: section.source };
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
