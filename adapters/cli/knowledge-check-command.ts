import { checkKnowledge, type Finding } from '../../src/knowledge/check-knowledge.js';
import { loadQuizFiles } from '../../src/knowledge/load-knowledge.js';
import type { Knowledge } from '../../src/knowledge/section.js';
import { lintGeneratedQuestions } from '../../src/quiz/generate-questions.js';
import { buildQuestionBank } from '../../src/quiz/question-bank.js';
import type { CliIo } from './cli-io.js';

/**
 * Prints findings like a linter; exit 1 when a file cannot be read (or on warnings with --strict).
 * The quiz's gate is part of the check: a broken hand-written question is a warning, and the
 * generated questions the checks held back are counted, with `wharfie quiz lint` to list them.
 */
export async function knowledgeCheckCommand(knowledge: Knowledge, options: { json: boolean; strict: boolean }, io: CliIo): Promise<number> {
  const { files, problems } = await loadQuizFiles(knowledge.packs);
  const bank = buildQuestionBank(knowledge, files);
  const { questions, rejected } = lintGeneratedQuestions(knowledge);
  const handWritten = [...problems.map((p) => `${p.pack}/${p.source}: ${p.message}`), ...bank.problems];
  const findings = checkKnowledge(knowledge);
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.length - errors + handWritten.length;
  const quiz = { generated: questions.length, rejected: rejected.length, handWritten: bank.questions.length - questions.length, handWrittenProblems: handWritten };
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ files: knowledge.fileCount + knowledge.problems.filter((p) => !p.loaded).length, sections: knowledge.sections.length, errors, warnings, findings, quiz }, null, 2)}\n`);
  } else {
    for (const finding of findings) io.stdout.write(`${format(finding)}\n`);
    for (const problem of handWritten) io.stdout.write(`warning ${problem} (the question is not posted)\n`);
    io.stdout.write(
      `${knowledge.fileCount} files, ${knowledge.sections.length} sections: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`,
    );
    io.stdout.write(
      `quiz: ${questions.length} generated and ${quiz.handWritten} hand-written questions; ${rejected.length} generated held back by the checks (\`wharfie quiz lint\` lists each with the reason)\n`,
    );
  }
  return errors > 0 || (options.strict && warnings > 0) ? 1 : 0;
}

function format(finding: Finding): string {
  const where = `${finding.pack}/${finding.source}${finding.line ? `:${finding.line}` : ''}`;
  return `${finding.level === 'error' ? 'error  ' : 'warning'} ${where}  ${finding.message}`;
}
