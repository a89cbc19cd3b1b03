import { checkKnowledge, type Finding } from '../../src/knowledge/check-knowledge.js';
import type { Knowledge } from '../../src/knowledge/section.js';
import type { CliIo } from './cli-io.js';

/** Prints findings like a linter; exit 1 when a file cannot be read (or on warnings with --strict). */
export function knowledgeCheckCommand(knowledge: Knowledge, options: { json: boolean; strict: boolean }, io: CliIo): number {
  const findings = checkKnowledge(knowledge);
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.length - errors;
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ files: knowledge.fileCount + knowledge.problems.filter((p) => !p.loaded).length, sections: knowledge.sections.length, errors, warnings, findings }, null, 2)}\n`);
  } else {
    for (const finding of findings) io.stdout.write(`${format(finding)}\n`);
    io.stdout.write(
      `${knowledge.fileCount} files, ${knowledge.sections.length} sections: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`,
    );
  }
  return errors > 0 || (options.strict && warnings > 0) ? 1 : 0;
}

function format(finding: Finding): string {
  const where = `${finding.pack}/${finding.source}${finding.line ? `:${finding.line}` : ''}`;
  return `${finding.level === 'error' ? 'error  ' : 'warning'} ${where}  ${finding.message}`;
}
