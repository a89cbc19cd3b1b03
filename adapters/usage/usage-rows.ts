import type { Platform } from '../../src/events.js';
import type { QuizQuestion } from '../../src/quiz/quiz-question.js';
import type { AskRecord, QuestionStats, VoteRecord } from '../../src/usage/usage-records.js';

/**
 * Question-log and vote rows as both SQL stores keep them, and how a row
 * becomes the core's record. One mapping, so SQLite and PostgreSQL read alike.
 */
export interface AskRow {
  at: number;
  platform: string;
  channel_kind: string;
  user_hash: string;
  question: string;
  /** SQLite has no boolean: 0 or 1 there, a boolean in PostgreSQL. */
  found: number | boolean;
  kind: string;
  section_id: string | null;
  trail: string | null;
  source: string | null;
  score: number | null;
  answered_from: string | null;
  pack: string | null;
}

export interface VoteRow {
  at: number;
  platform: string;
  user_hash: string;
  section_id: string;
  trail: string | null;
  source: string | null;
  question: string;
  vote: string;
}

/** A quiz question's answers, counted by the store's SQL. */
export interface QuizStatsRow {
  question: string;
  answered: number;
  wrong: number;
}

export function toAsk(row: AskRow): AskRecord {
  const found = row.found === true || row.found === 1;
  return {
    at: row.at,
    platform: row.platform as Platform,
    channelKind: row.channel_kind as AskRecord['channelKind'],
    userHash: row.user_hash,
    question: row.question,
    found,
    kind: row.kind === 'missing' || row.kind === 'reference-pick' ? row.kind : 'ask',
    sectionId: row.section_id,
    trail: row.trail ? (JSON.parse(row.trail) as string[]) : null,
    source: row.source,
    score: row.score,
    // Rows from before migration 3 have no origin: an answer then was always from the notes.
    from: row.answered_from === 'reference' ? 'reference' : found ? 'notes' : null,
    pack: row.pack,
  };
}

export const toVote = (row: VoteRow): VoteRecord => ({
  at: row.at,
  platform: row.platform as Platform,
  userHash: row.user_hash,
  sectionId: row.section_id,
  trail: row.trail ? (JSON.parse(row.trail) as string[]) : null,
  source: row.source,
  question: row.question,
  vote: row.vote === 'down' ? 'down' : 'up',
});

export function toQuizStats(row: QuizStatsRow): QuestionStats {
  const q = JSON.parse(row.question) as QuizQuestion;
  return { question: q.question, trail: q.trail, source: q.source, answered: row.answered, wrong: row.wrong };
}
