import type { QuizAnswer, QuizPost } from './quiz-store.js';

/**
 * A streak is the run of most recent quiz posts a user answered correctly.
 * A wrong answer breaks it, and so does a post that closed without their
 * answer; a post still open does not count either way yet.
 */
export function streak(posts: readonly QuizPost[], mine: ReadonlyMap<string, QuizAnswer>, now: number): number {
  let run = 0;
  for (const post of [...posts].sort((a, b) => b.postedAt - a.postedAt)) {
    const answer = mine.get(post.id);
    if (!answer) {
      if (post.closesAt > now) continue;
      break;
    }
    if (!answer.correct) break;
    run += 1;
  }
  return run;
}

/** The longest run ever, by the same rules. */
export function bestStreak(posts: readonly QuizPost[], mine: ReadonlyMap<string, QuizAnswer>, now: number): number {
  let best = 0;
  let run = 0;
  for (const post of [...posts].sort((a, b) => a.postedAt - b.postedAt)) {
    const answer = mine.get(post.id);
    if (!answer) {
      if (post.closesAt <= now) run = 0;
      continue;
    }
    run = answer.correct ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

export interface Standing {
  readonly userId: string;
  readonly name: string;
  readonly correct: number;
  readonly answered: number;
}

/** Most right answers first; fewer attempts breaks a tie (accuracy), then name. */
export function standings(answers: readonly QuizAnswer[]): Standing[] {
  const byUser = new Map<string, { name: string; correct: number; answered: number }>();
  for (const a of answers) {
    const row = byUser.get(a.userId) ?? { name: a.userName ?? a.userId, correct: 0, answered: 0 };
    row.answered += 1;
    if (a.correct) row.correct += 1;
    if (a.userName) row.name = a.userName;
    byUser.set(a.userId, row);
  }
  return [...byUser]
    .map(([userId, row]) => ({ userId, ...row }))
    .sort((a, b) => b.correct - a.correct || a.answered - b.answered || a.name.localeCompare(b.name));
}
