import type { QuizAnswer, QuizPost } from './quiz-store.js';

/**
 * Only the scheduled question counts, and only once the platform confirmed it
 * was posted: practice questions (`/docker quiz`) and a daily post that never
 * reached the channel break nobody's streak.
 */
export function countsForStreaks(post: QuizPost): boolean {
  return post.slot !== null && post.confirmedAt !== null;
}

/**
 * A streak is a run of daily questions a user answered correctly, oldest to
 * newest. A wrong answer breaks it, and so does a question that closed
 * without their answer; one still open does not count either way yet.
 * `current` is the run up to the latest question, `best` the longest ever.
 */
export function streaks(posts: readonly QuizPost[], mine: ReadonlyMap<string, QuizAnswer>, now: number): { current: number; best: number } {
  let best = 0;
  let run = 0;
  for (const post of posts.filter(countsForStreaks).sort((a, b) => a.postedAt - b.postedAt)) {
    const answer = mine.get(post.id);
    if (!answer) {
      if (post.closesAt <= now) run = 0;
      continue;
    }
    run = answer.correct ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return { current: run, best };
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
