import { answerQuestion, type Answer } from '../answer/compose-answer.js';
import type { ActionEvent, CommandEvent, Platform } from '../events.js';
import type { KnowledgeBase } from '../knowledge-base.js';
import { buildReport, type Report } from './report.js';
import { MAX_QUESTION_CHARS } from '../search/query.js';
import type { AskRecord, UsageStore, VoteOutcome } from './usage-records.js';

export interface UsageLogDeps {
  readonly store: UsageStore;
  /** One-way: the same person gives the same hash, and the hash never gives the person. */
  readonly hashUser: (platform: Platform, userId: string) => string;
  readonly now: () => Date;
  /** WHARFIE_RECORD_QUESTIONS: when off, nothing is written (reports read what is there). */
  readonly recording: boolean;
  /**
   * Told when a record cannot be written (a busy or broken database). The log
   * is for the notes' authors: losing one record must never cost an answer.
   */
  readonly onError?: (error: unknown) => void;
}

/** Records questions and votes as they happen, and turns them into the authors' report. */
export class UsageLog {
  constructor(private readonly deps: UsageLogDeps) {}

  /** Never rejects when `onError` is given: callers may leave it running (an answer must not wait on the log). */
  asked(event: CommandEvent, answer: Answer): Promise<void> {
    return this.recordAsk(event, answer.question, { kind: 'ask', ...outcomeOf(answer) });
  }

  /** Beside an unsure answer from the notes, the reference's section was picked: the question is a gap in the notes. */
  pickedReference(event: ActionEvent, question: string, answer: Answer): Promise<void> {
    if (!answer.found || !answer.best) return Promise.resolve();
    return this.recordAsk(event, question, { kind: 'reference-pick', ...outcomeOf(answer), from: 'reference' });
  }

  /** "What were you looking for?", answered after a 👎. */
  missing(event: CommandEvent, text: string): Promise<void> {
    return this.recordAsk(event, text, { found: false, kind: 'missing', sectionId: null, trail: null, source: null, score: null, from: null, pack: null });
  }

  private async recordAsk(event: CommandEvent | ActionEvent, question: string, outcome: Pick<AskRecord, 'found' | 'kind' | 'sectionId' | 'trail' | 'source' | 'score' | 'from' | 'pack'>): Promise<void> {
    if (!this.deps.recording) return;
    await this.tryRecord(() =>
      this.deps.store.recordAsk({
        at: this.deps.now().getTime(),
        platform: event.platform,
        channelKind: event.channel.kind,
        userHash: this.deps.hashUser(event.platform, event.user.id),
        question: question.slice(0, MAX_QUESTION_CHARS),
        ...outcome,
      }),
    );
  }

  /** What the write returned; null when it failed and the failure was reported. */
  private async tryRecord<T>(write: () => Promise<T>): Promise<T | null> {
    try {
      return await write();
    } catch (error) {
      if (!this.deps.onError) throw error;
      this.deps.onError(error);
      return null;
    }
  }

  /** Null when recording is off or the write failed. */
  async voted(vote: { platform: Platform; userId: string; sectionId: string; question: string; vote: 'up' | 'down' }, knowledge: KnowledgeBase): Promise<VoteOutcome | null> {
    if (!this.deps.recording) return null;
    const section = knowledge.section(vote.sectionId);
    return this.tryRecord(() => this.deps.store.recordVote({
      at: this.deps.now().getTime(),
      platform: vote.platform,
      userHash: this.deps.hashUser(vote.platform, vote.userId),
      sectionId: vote.sectionId,
      trail: section?.trail ?? null,
      source: section?.source ?? null,
      question: vote.question,
      vote: vote.vote,
    }));
  }

  async report(sinceMs: number, knowledge: KnowledgeBase): Promise<Report> {
    const until = this.deps.now().getTime();
    const since = until - sinceMs;
    const [asks, votes, quiz] = await Promise.all([this.deps.store.asks(since), this.deps.store.votes(since), this.deps.store.quizStats(since)]);
    return buildReport({
      since,
      until,
      asks,
      votes,
      quiz,
      sections: knowledge.index.sections,
      // The nearest *note*: the notes' index alone, never the reference fallback
      // (askKnowledge answers people; this only points authors at their own notes).
      nearest: (question) => {
        const [near] = answerQuestion(knowledge.index, question).results;
        return near && near.score > 0 ? { trail: near.section.trail, source: near.section.source } : null;
      },
    });
  }

  prune(retentionDays: number): Promise<number> {
    return this.deps.store.prune(this.deps.now().getTime() - retentionDays * 86_400_000);
  }
}

/** What an answer says about its question, as a record keeps it: found or not, which section, how strongly, from where. */
function outcomeOf(answer: Answer): Pick<AskRecord, 'found' | 'sectionId' | 'trail' | 'source' | 'score' | 'from' | 'pack'> {
  const best = answer.found ? answer.best : null;
  return {
    found: best !== null,
    sectionId: best?.section.id ?? null,
    trail: best?.section.trail ?? null,
    source: best?.section.source ?? null,
    score: best?.score ?? null,
    from: best ? (answer.from ?? 'notes') : null,
    pack: best?.section.pack ?? null,
  };
}
