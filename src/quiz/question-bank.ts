import type { Knowledge } from '../knowledge/section.js';
import { lintGeneratedQuestions } from './generate-questions.js';
import { parseHandWritten } from './hand-written.js';
import { crossTalk, type QuizQuestion } from './quiz-question.js';
import { answerPosition, shuffled } from './seeded.js';

export interface QuizFile {
  readonly source: string;
  readonly text: string;
}

export interface QuestionBank {
  readonly questions: readonly QuizQuestion[];
  /** Hand-written questions that break a rule, by file and heading. */
  readonly problems: readonly string[];
  /** Stand-ins for generated questions: the same prompt with one wrong choice swapped, taken by a draw when the first would help with another question. */
  readonly alternatives?: readonly QuizQuestion[];
  get(id: string): QuizQuestion | undefined;
}

/** Every question the quiz can ask: hand-written first, then generated from the notes. */
export function buildQuestionBank(knowledge: Knowledge, quizFiles: readonly QuizFile[]): QuestionBank {
  const written = quizFiles.map((file) => parseHandWritten(file.text, file.source, knowledge.sections));
  const generated = lintGeneratedQuestions(knowledge);
  const questions = [...written.flatMap((w) => w.questions), ...generated.questions];
  // A stand-in asked in a draw is answered by its own id.
  const byId = new Map([...generated.alternatives, ...questions].map((q) => [q.id, q]));
  return { questions, problems: written.flatMap((w) => w.problems), alternatives: generated.alternatives, get: (id) => byId.get(id) };
}

/** The fact a question tests; hand-written ones are each their own. */
export const factOf = (q: QuizQuestion): string => q.fact ?? q.id;
/** The topic a question belongs to: the note's second heading (a day's topic, a reference page). */
const topicOf = (q: QuizQuestion): string => `${q.source}\u0000${q.trail.slice(0, 2).join('\u0000')}`;

/**
 * The whole bank in an order fixed by `seed`, for teaching: one question per
 * fact (a fact asked both ways is asked once), topics taken in turn so that
 * any first N questions spread over N topics where there are that many.
 */
export function teachingOrder(bank: QuestionBank, seed: string | number): QuizQuestion[] {
  const facts = new Set<string>();
  const byTopic = new Map<string, QuizQuestion[]>();
  for (const q of shuffled(bank.questions, seed)) {
    if (facts.has(factOf(q))) continue;
    facts.add(factOf(q));
    const topic = topicOf(q);
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), q]);
  }
  const queues = [...byTopic.values()];
  const order: QuizQuestion[] = [];
  for (let round = 0; order.length < facts.size; round += 1) {
    for (const queue of queues) if (queue[round]) order.push(queue[round]!);
  }
  return withoutCrossTalk(spreadThemes(order));
}

/**
 * The same order, except that a question whose prompt or choices would help with one already
 * asked (or the other way round) waits until after the rest: within any first N, no question
 * answers another. Window: a draw, or a channel's run through the bank.
 */
function withoutCrossTalk(order: readonly QuizQuestion[]): QuizQuestion[] {
  const kept: QuizQuestion[] = [];
  const later: QuizQuestion[] = [];
  for (const q of order) (kept.some((k) => crossTalk(q, k) ?? crossTalk(k, q)) ? later : kept).push(q);
  return later.length === 0 || later.length === order.length ? [...kept, ...later] : [...kept, ...withoutCrossTalk(later)];
}

/** What a question is about beyond its fact: `--quiet` on `docker images` and on `docker push` are two facts, one theme. */
const themeOf = (q: QuizQuestion): string => /^flag:\*:(--[\w-]+)/.exec(factOf(q))?.[1] ?? factOf(q);
const THEME_GAP = 12;

/** The same order, except that a theme comes back only after THEME_GAP others where the bank allows. */
function spreadThemes(order: readonly QuizQuestion[]): QuizQuestion[] {
  const left = [...order];
  const out: QuizQuestion[] = [];
  while (left.length > 0) {
    const recent = new Set(out.slice(-THEME_GAP).map(themeOf));
    const next = left.findIndex((q) => !recent.has(themeOf(q)));
    out.push(...left.splice(next === -1 ? 0 : next, 1));
  }
  return out;
}

/** `count` questions, each a different fact, in an order fixed by `seed`. */
export function pickQuestions(bank: QuestionBank, count: number, seed: string | number): QuizQuestion[] {
  const order = teachingOrder(bank, seed);
  // The other ways of asking a fact stand in when the first would answer a question already drawn.
  const ways = new Map<string, QuizQuestion[]>();
  // Each question first, then its stand-ins with a wrong choice swapped (same prompt and answer).
  for (const q of [...shuffled(bank.questions, seed), ...shuffled(bank.alternatives ?? [], seed)]) ways.set(factOf(q), [...(ways.get(factOf(q)) ?? []), q]);
  let draw = drawIn(order, ways, count);
  // A long draw that comes out short (questions that would help with each other taken early) is tried again
  // from other orders of the same seed, up to a bound: the fullest one wins, the first on a tie.
  for (let retry = 1; retry <= RETRIES && draw.length < Math.min(count, order.length); retry += 1) {
    const other = drawIn(teachingOrder(bank, `${seed}/${retry}`), ways, count);
    if (other.length > draw.length) draw = other;
  }
  // In teaching order, a theme asked again (the second pass's fill) after every theme asked once.
  const rank = new Map(order.map((q, i) => [factOf(q), i]));
  const again = (q: QuizQuestion, i: number): number => (draw.slice(0, i).some((d) => themeOf(d) === themeOf(q)) ? 1 : 0);
  const repeat = new Map(draw.map((q, i) => [factOf(q), again(q, i)]));
  draw.sort((a, b) => repeat.get(factOf(a))! - repeat.get(factOf(b))! || rank.get(factOf(a))! - rank.get(factOf(b))!);
  return draw.map((q) => withAnswerAt(q, answerPosition(seed, q.id, q.choices.length)));
}

const RETRIES = 12;

/** Up to `count` questions taken in `order`, each a different fact, none helping with another. */
function drawIn(order: readonly QuizQuestion[], ways: ReadonlyMap<string, readonly QuizQuestion[]>, count: number): QuizQuestion[] {
  // A question that would help with one already drawn is left out, even when that makes the draw short.
  // A theme (`--force` of a prune and of `docker network rm`) comes back only when nothing new is left.
  const draw: QuizQuestion[] = [];
  for (const fresh of [true, false]) {
    for (const q of order) {
      if (draw.length >= count) break;
      if (draw.some((d) => factOf(d) === factOf(q)) || (fresh && draw.some((d) => themeOf(d) === themeOf(q)))) continue;
      const candidates = [q, ...(ways.get(factOf(q)) ?? []).filter((w) => w !== q)];
      const way = candidates.find((w) => !draw.some((d) => talks(w, d)));
      if (way) {
        draw.push(way);
        continue;
      }
      // Else a way whose only trouble is with questions already drawn that can each be asked another way.
      for (const w of candidates) {
        const swaps = withSwaps(draw, w, ways);
        if (!swaps) continue;
        for (const [at, other] of swaps) draw[at] = other;
        draw.push(w);
        break;
      }
    }
  }
  return draw;
}

/** Whether one question helps with the other, either way round; remembered, as a draw asks it many times. */
const talked = new WeakMap<QuizQuestion, WeakMap<QuizQuestion, boolean>>();
function talks(a: QuizQuestion, b: QuizQuestion): boolean {
  const known = talked.get(a)?.get(b);
  if (known !== undefined) return known;
  const result = (crossTalk(a, b) ?? crossTalk(b, a)) !== null;
  if (!talked.has(a)) talked.set(a, new WeakMap());
  talked.get(a)!.set(b, result);
  return result;
}

/**
 * Which questions of `draw` to ask another way so that `next` helps with none of them and none with
 * another: positions and their replacements, or null when some question cannot be asked another way.
 */
function withSwaps(draw: readonly QuizQuestion[], next: QuizQuestion, ways: ReadonlyMap<string, readonly QuizQuestion[]>): [number, QuizQuestion][] | null {
  const swaps: [number, QuizQuestion][] = [];
  const after = [...draw];
  for (const [at, d] of draw.entries()) {
    if (!talks(next, d)) continue;
    const other = (ways.get(factOf(d)) ?? []).find((w) => w !== d && !talks(next, w) && after.every((k, j) => j === at || !talks(w, k)));
    if (!other) return null;
    after[at] = other;
    swaps.push([at, other]);
  }
  return swaps;
}

/** The question with its right answer moved to `position`, the wrong choices keeping their order. */
export function withAnswerAt(q: QuizQuestion, position: number): QuizQuestion {
  const wrong = q.choices.filter((c) => c !== q.answer);
  const at = Math.min(position, wrong.length);
  return { ...q, choices: [...wrong.slice(0, at), q.answer, ...wrong.slice(at)] };
}

/**
 * The next question for a channel: its own order through the bank (seeded by
 * the channel, so channels start at different questions), skipping what it
 * has had and any fact it has had another way, and starting over once
 * everything has been asked.
 */
export function nextQuestion(bank: QuestionBank, channelKey: string, asked: ReadonlySet<string>): QuizQuestion | null {
  const askedFacts = new Set(bank.questions.filter((q) => asked.has(q.id)).map(factOf));
  const order = teachingOrder(bank, channelKey);
  // Once every fact has been asked, the other ways of asking them, then round again.
  const next = order.find((q) => !asked.has(q.id) && !askedFacts.has(factOf(q))) ?? bank.questions.find((q) => !asked.has(q.id)) ?? order[0] ?? null;
  if (!next) return null;
  // Seeded by the channel and the question, as in a draw: the letter is uniform and says nothing about the last one.
  return withAnswerAt(next, answerPosition(channelKey, next.id, next.choices.length));
}
