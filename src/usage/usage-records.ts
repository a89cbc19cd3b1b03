import type { Platform } from '../events.js';

/**
 * What the bot remembers about its use, for the notes' authors: the question,
 * whether the notes answered it and from where. People are a one-way hash
 * (enough to count distinct askers, never to name one); channels only by kind.
 */
export interface AskRecord {
  readonly at: number;
  readonly platform: Platform;
  readonly channelKind: 'channel' | 'dm' | 'terminal';
  readonly userHash: string;
  readonly question: string;
  readonly found: boolean;
  /**
   * "missing": a user telling the authors what the notes lacked, after a 👎.
   * "reference-pick": beside an unsure answer from the notes, the user picked the reference's section instead.
   */
  readonly kind: 'ask' | 'missing' | 'reference-pick';
  readonly sectionId: string | null;
  readonly trail: readonly string[] | null;
  readonly source: string | null;
  readonly score: number | null;
  /**
   * Where the answer came from: `reference` (the bundled Docker CLI reference,
   * a gap in the notes), `notes`, or null when nothing answered. Records made
   * before this was kept read as `notes` when found.
   */
  readonly from: 'notes' | 'reference' | null;
  /** The answering section's pack (`docker-reference` for the reference); null when not found or not kept. */
  readonly pack: string | null;
}

export interface VoteRecord {
  readonly at: number;
  readonly platform: Platform;
  readonly userHash: string;
  readonly sectionId: string;
  readonly trail: readonly string[] | null;
  readonly source: string | null;
  readonly question: string;
  readonly vote: 'up' | 'down';
}

export interface QuestionStats {
  readonly question: string;
  readonly trail: readonly string[];
  readonly source: string;
  readonly answered: number;
  readonly wrong: number;
}

/** A first vote, a changed one, or the same vote pressed again. */
export type VoteOutcome = 'new' | 'changed' | 'same';

/**
 * Where usage is kept: the SQLite store in adapters/sqlite and the PostgreSQL
 * store in adapters/postgres implement it (asynchronous, as a shared database is).
 */
export interface UsageStore {
  recordAsk(ask: AskRecord): Promise<void>;
  /** One vote per person per answer (section and question): a later vote replaces theirs. */
  recordVote(vote: VoteRecord): Promise<VoteOutcome>;
  asks(sinceMs: number): Promise<AskRecord[]>;
  votes(sinceMs: number): Promise<VoteRecord[]>;
  quizStats(sinceMs: number): Promise<QuestionStats[]>;
  /** Deletes asks and votes older than the cut-off; returns how many went. */
  prune(beforeMs: number): Promise<number>;
}
