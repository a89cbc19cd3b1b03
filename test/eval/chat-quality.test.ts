import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readChatSet, scoreChatSet, type ChatReport } from '../../bench/chat-set.js';
import { sharedDir } from '../../bench/corpus.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { DEFAULT_LEXICON } from '../../src/lexicon/default-lexicon.js';
import { NO_LEXICON } from '../../src/search/lexicon.js';
import { SearchIndex } from '../../src/search/search-index.js';
import { NOTES_DIR, ROOT } from '../support/notes.js';

/**
 * Floors on chat-style questions, each a stated margin below the figure
 * measured with `npm run eval` (see the README): about 5 points, so a real
 * regression fails and noise from one question does not.
 */
const notes = (await loadKnowledge([{ name: 'notes', dir: NOTES_DIR }])).sections;
const index = SearchIndex.build(notes, { lexicon: DEFAULT_LEXICON });
const chatFile = path.join(sharedDir(), 'eval', 'chat-questions.json');
const freshFile = path.join(ROOT, 'test', 'eval', 'chat-fresh-questions.json');
const fresh2File = path.join(ROOT, 'test', 'eval', 'chat-fresh-2-questions.json');
const fresh3File = path.join(ROOT, 'test', 'eval', 'chat-fresh-3-questions.json');

/** A fresh set's floors, and "strong" shown at least `strongShown` times and right first ≥ 90% of them. */
function meetsFloors(report: ChatReport, floors: { top1: number; top3: number; fact: number; refused: number; strongShown: number }): void {
  expect(report.top1, report.misses.join('\n')).toBeGreaterThanOrEqual(floors.top1);
  expect(report.top3).toBeGreaterThanOrEqual(floors.top3);
  expect(report.fact).toBeGreaterThanOrEqual(floors.fact);
  expect(report.refused).toBeGreaterThanOrEqual(floors.refused);
  const [right, of] = report.calibration.strong ?? [0, 0];
  expect(of).toBeGreaterThanOrEqual(floors.strongShown);
  expect(right / of).toBeGreaterThanOrEqual(0.9);
}

describe('answers to chat-style questions (notes only)', () => {
  it('held-back half of the development set: first ≥ 69%, top 3 ≥ 84%, fact ≥ 65%, median ≤ 900 chars, ≥ 8 of 10 refused', () => {
    const report = scoreChatSet(readChatSet(chatFile, 'held'), index, null);
    expect(report.answerable).toBeGreaterThanOrEqual(70);
    expect(report.top1, report.misses.join('\n')).toBeGreaterThanOrEqual(0.69);
    expect(report.top3).toBeGreaterThanOrEqual(0.84);
    expect(report.fact).toBeGreaterThanOrEqual(0.65);
    expect(report.medianChars).toBeLessThanOrEqual(900);
    expect(report.refused).toBeGreaterThanOrEqual(8);
  });

  it('a fresh set written without seeing the code: first ≥ 76%, top 3 ≥ 86%, fact ≥ 66%, ≥ 17 of 20 refused', () => {
    const report = scoreChatSet(readChatSet(freshFile), index, null);
    expect(report.top1, report.misses.join('\n')).toBeGreaterThanOrEqual(0.76);
    expect(report.top3).toBeGreaterThanOrEqual(0.86);
    expect(report.fact).toBeGreaterThanOrEqual(0.66);
    expect(report.refused).toBeGreaterThanOrEqual(17);
  });

  it('a second fresh set, written after the last tuning: first ≥ 48%, top 3 ≥ 81%, fact ≥ 47%, ≥ 16 of 20 refused, "strong" right ≥ 90%', () => {
    meetsFloors(scoreChatSet(readChatSet(fresh2File), index, null), { top1: 0.48, top3: 0.81, fact: 0.47, refused: 16, strongShown: 8 });
  });

  it('a third fresh set, never tuned on: first ≥ 66%, top 3 ≥ 84%, fact ≥ 67%, ≥ 18 of 20 refused, "strong" right ≥ 90%', () => {
    const report = scoreChatSet(readChatSet(fresh3File), index, null);
    expect(report.answerable).toBe(100);
    meetsFloors(report, { top1: 0.66, top3: 0.84, fact: 0.67, refused: 18, strongShown: 15 });
  });

  it('"strong" is earned: right first at least 90% of the time it is shown on the held-back half', () => {
    const [right, of] = scoreChatSet(readChatSet(chatFile, 'held'), index, null).calibration.strong ?? [0, 0];
    expect(of).toBeGreaterThanOrEqual(15);
    expect(right / of).toBeGreaterThanOrEqual(0.9);
  });

  it('the lexicon earns its place: the shipped lexicon beats the engine alone by at least 25 points', () => {
    const bare = scoreChatSet(readChatSet(chatFile, 'held'), SearchIndex.build(notes, { lexicon: NO_LEXICON }), null);
    const shipped = scoreChatSet(readChatSet(chatFile, 'held'), index, null);
    expect(shipped.top1 - bare.top1).toBeGreaterThanOrEqual(0.25);
  });
});
