import { loadQuizFiles } from '../../src/knowledge/load-knowledge.js';
import type { Knowledge } from '../../src/knowledge/section.js';
import type { Logger } from '../../src/logger.js';
import { buildQuestionBank, type QuestionBank } from '../../src/quiz/question-bank.js';

/**
 * The question bank for the running bot, rebuilt whenever the notes (or the
 * hand-written questions beside them) are reloaded.
 */
export class QuestionBankSource {
  private bank: QuestionBank;

  private constructor(bank: QuestionBank) {
    this.bank = bank;
  }

  static async load(knowledge: Knowledge, log: Logger): Promise<QuestionBankSource> {
    return new QuestionBankSource(await build(knowledge, log));
  }

  current(): QuestionBank {
    return this.bank;
  }

  async refresh(knowledge: Knowledge, log: Logger): Promise<void> {
    this.bank = await build(knowledge, log);
  }
}

async function build(knowledge: Knowledge, log: Logger): Promise<QuestionBank> {
  const { files, problems } = await loadQuizFiles(knowledge.packs);
  const bank = buildQuestionBank(knowledge, files);
  for (const p of problems) log.warn({ source: `${p.pack}/${p.source}`, problem: p.message }, 'quiz file skipped');
  for (const problem of bank.problems) log.warn({ problem }, 'hand-written quiz question skipped');
  log.info({ questions: bank.questions.length }, 'quiz bank ready');
  return bank;
}
