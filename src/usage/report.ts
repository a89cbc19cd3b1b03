import type { Section } from '../knowledge/section.js';
import { reply, type Reply } from '../reply.js';
import { groupQuestions } from './group-questions.js';
import type { AskRecord, QuestionStats, VoteRecord } from './usage-records.js';

/**
 * What the notes' authors should look at next: what the team asks most, what
 * the notes did not answer (near-duplicates grouped), which answers people
 * found unhelpful, which notes nobody reaches, and which quiz questions most
 * people get wrong. Every line points at a note (or the nearest one).
 */
export interface NoteRef {
  readonly trail: readonly string[];
  readonly source: string;
}

/** A page of a reference pack (the bundled Docker CLI reference) that answered in the notes' place. */
export interface ReferenceRef extends NoteRef {
  readonly pack: string;
}

export interface Report {
  readonly since: number;
  readonly until: number;
  /**
   * `answered`: answered from the notes; `fromReference`: answered from the Docker CLI reference instead (a gap in the notes);
   * `pickedReference`: of the answers from the notes, those the asker passed over for the reference's section
   * offered beside an unsure answer (once per person and question; a gap too).
   */
  readonly totals: {
    readonly asked: number;
    readonly answered: number;
    readonly askers: number;
    readonly up: number;
    readonly down: number;
    readonly fromReference: number;
    readonly pickedReference: number;
  };
  readonly topics: readonly (NoteRef & { readonly asked: number })[];
  /**
   * Questions the notes did not answer, grouped: not found at all, answered from
   * the reference (`fromReference` of `count` times), or answered unsure with the
   * reference's section picked instead (`picked` times); `reference` names the page.
   * `count` is asks plus picks.
   */
  readonly unanswered: readonly {
    readonly questions: readonly string[];
    readonly count: number;
    readonly nearest: NoteRef | null;
    readonly fromReference: number;
    readonly picked: number;
    readonly reference: ReferenceRef | null;
  }[];
  readonly missing: readonly string[];
  readonly disliked: readonly (NoteRef & { readonly down: number; readonly up: number; readonly questions: readonly string[] })[];
  readonly neverHit: readonly NoteRef[];
  readonly quizWrong: readonly (NoteRef & { readonly question: string; readonly answered: number; readonly wrong: number })[];
}

export interface ReportInput {
  readonly since: number;
  readonly until: number;
  readonly asks: readonly AskRecord[];
  readonly votes: readonly VoteRecord[];
  readonly quiz: readonly QuestionStats[];
  /** Every section that could be an answer, for "never hit". */
  readonly sections: readonly Section[];
  /** The nearest note to a question the notes did not answer. */
  readonly nearest: (question: string) => NoteRef | null;
}

const TOP = 10;
/** A quiz question needs a few answers before its wrong-rate means anything. */
const QUIZ_MIN_ANSWERS = 3;

export function buildReport(input: ReportInput): Report {
  const asks = input.asks.filter((a) => a.kind === 'ask');
  const fromReference = asks.filter((a) => a.found && a.from === 'reference');
  const answered = asks.filter((a) => a.found && a.sectionId && a.from !== 'reference');
  const picks = oncePerPerson(input.asks.filter((a) => a.kind === 'reference-pick'));
  // The notes' gaps: nothing found, found only in the reference, or the reference picked over an unsure note.
  const gaps = [...asks.filter((a) => !a.found || a.from === 'reference'), ...picks];
  const topicCounts = new Map<string, NoteRef & { asked: number }>();
  for (const ask of answered) {
    const key = ask.sectionId!;
    const row = topicCounts.get(key) ?? { trail: ask.trail ?? [], source: ask.source ?? '', asked: 0 };
    row.asked += 1;
    topicCounts.set(key, row);
  }
  const hit = new Set(answered.map((a) => a.sectionId));
  const voted = new Map<string, NoteRef & { down: number; up: number; questions: string[] }>();
  for (const vote of input.votes) {
    const row = voted.get(vote.sectionId) ?? { trail: vote.trail ?? [], source: vote.source ?? '', down: 0, up: 0, questions: [] };
    if (vote.vote === 'down') {
      row.down += 1;
      if (!row.questions.includes(vote.question)) row.questions.push(vote.question);
    } else row.up += 1;
    voted.set(vote.sectionId, row);
  }
  return {
    since: input.since,
    until: input.until,
    totals: {
      asked: asks.length,
      answered: answered.length,
      askers: new Set(asks.map((a) => a.userHash)).size,
      up: input.votes.filter((v) => v.vote === 'up').length,
      down: input.votes.filter((v) => v.vote === 'down').length,
      fromReference: fromReference.length,
      pickedReference: picks.length,
    },
    topics: [...topicCounts.values()].sort((a, b) => b.asked - a.asked).slice(0, TOP),
    unanswered: groupQuestions(gaps.map((a) => a.question))
      .slice(0, TOP)
      .map((group) => {
        const answered = referenceAnswers(group.questions, fromReference);
        const picked = referenceAnswers(group.questions, picks);
        return { ...group, nearest: input.nearest(group.questions[0]!), fromReference: answered.count, picked: picked.count, reference: answered.reference ?? picked.reference };
      }),
    missing: [...new Set(input.asks.filter((a) => a.kind === 'missing').map((a) => a.question))].slice(0, TOP),
    disliked: [...voted.values()].filter((v) => v.down > 0).sort((a, b) => b.down - a.down || a.up - b.up).slice(0, TOP),
    neverHit: input.sections.filter((s) => s.units.length > 0 && !hit.has(s.id)).map((s) => ({ trail: s.trail, source: s.source })),
    quizWrong: input.quiz
      .filter((q) => q.answered >= QUIZ_MIN_ANSWERS && q.wrong > 0)
      .sort((a, b) => b.wrong / b.answered - a.wrong / a.answered || b.answered - a.answered)
      .slice(0, TOP),
  };
}

/** A button pressed again (or on the shared copy of the answer) by the same person says nothing new. */
function oncePerPerson(picks: readonly AskRecord[]): AskRecord[] {
  const seen = new Set<string>();
  return picks.filter((pick) => {
    const key = `${pick.userHash}\u0000${pick.question}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** How many of a group's records name a reference page, and the page most often named. */
function referenceAnswers(questions: readonly string[], fromReference: readonly AskRecord[]): { count: number; reference: ReferenceRef | null } {
  const asked = new Set(questions);
  const pages = new Map<string, { ref: ReferenceRef; n: number }>();
  let count = 0;
  for (const ask of fromReference) {
    if (!asked.has(ask.question)) continue;
    count += 1;
    const ref: ReferenceRef = { pack: ask.pack ?? 'reference', trail: ask.trail ?? [], source: ask.source ?? '' };
    const key = `${ref.pack}\u0000${ref.source}\u0000${ref.trail.join('\u0000')}`;
    const page = pages.get(key) ?? { ref, n: 0 };
    page.n += 1;
    pages.set(key, page);
  }
  const top = [...pages.values()].sort((a, b) => b.n - a.n)[0];
  return { count, reference: top?.ref ?? null };
}

/** How the reference met a group: answered it, was picked over an unsure note, or both. */
function referenceUse(g: Report['unanswered'][number]): string {
  const answered = g.fromReference > 0 ? `answered from the Docker CLI reference${g.fromReference < g.count ? ` (${g.fromReference}×)` : ''}` : '';
  const picked = g.picked > 0 ? `the reference picked over an unsure note (${g.picked}×)` : '';
  return [answered, picked].filter((s) => s !== '').join('; ');
}

const where = (note: NoteRef): string => `${note.trail.join(' › ')} (${note.source})`;
const referencePage = (ref: ReferenceRef): string => `${ref.trail.join(' › ')} (${ref.pack}/${ref.source})`;
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function reportMarkdown(report: Report): string {
  const t = report.totals;
  const lines: string[] = [
    `**${t.asked}** ${t.asked === 1 ? 'question' : 'questions'} from ${t.askers} ${t.askers === 1 ? 'person' : 'people'}, ${t.answered} answered from the notes${t.pickedReference > 0 ? ` (for ${t.pickedReference} of them the asker picked the Docker CLI reference instead)` : ''}${t.fromReference > 0 ? `, ${t.fromReference} only from the Docker CLI reference` : ''}; 👍 ${t.up} · 👎 ${t.down} (${day(report.since)} to ${day(report.until)}).`,
  ];
  const section = (title: string, rows: string[], empty: string): void => {
    lines.push('', `**${title}**`, ...(rows.length > 0 ? rows.map((r) => `- ${r}`) : [`- ${empty}`]));
  };
  section(
    'Not in the notes (write these next)',
    report.unanswered.map(
      (g) =>
        `${g.count}× “${g.questions.slice(0, 3).join('” / “')}”` +
        (g.reference ? `; ${referenceUse(g)}: ${referencePage(g.reference)}` : '') +
        (g.nearest ? `; nearest note: ${where(g.nearest)}` : ''),
    ),
    'nothing: every question found an answer',
  );
  if (report.missing.length > 0) section('What people said they were looking for', report.missing.map((m) => `“${m}”`), '');
  section('Answers marked 👎', report.disliked.map((d) => `${where(d)}: 👎 ${d.down}, 👍 ${d.up}; asked as “${d.questions.slice(0, 2).join('” / “')}”`), 'none');
  section('Most asked', report.topics.map((tp) => `${tp.asked}× ${where(tp)}`), 'no questions yet');
  section('Quiz questions most often answered wrong', report.quizWrong.map((q) => `${q.wrong} of ${q.answered} wrong: “${q.question}” (${where(q)})`), `none with ${QUIZ_MIN_ANSWERS} or more answers yet`);
  const never = report.neverHit;
  section(`Notes nobody reached (${never.length})`, never.slice(0, 15).map(where).concat(never.length > 15 ? [`… and ${never.length - 15} more`] : []), 'none: every note answered something');
  return lines.join('\n');
}

export function reportReply(report: Report, title = 'What the notes could answer better'): Reply {
  return reply({ kind: 'report', title, summary: `${title}: ${report.totals.asked} questions, ${report.unanswered.length} unanswered topics`, blocks: [{ kind: 'markdown', markdown: reportMarkdown(report) }] });
}

/** "30d", "2w", "12h" → milliseconds; null if it is not one of those. */
export function parsePeriod(text: string): number | null {
  const match = /^(\d{1,4})\s*([hdw])$/i.exec(text.trim());
  if (!match) return null;
  const unit = { h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2]!.toLowerCase() as 'h' | 'd' | 'w'];
  return Number(match[1]) * unit;
}
