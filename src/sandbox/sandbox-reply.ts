import { encodeAction, encodeWholeAction } from '../actions.js';
import { askKnowledge } from '../answer/ask-knowledge.js';
import type { KnowledgeBase } from '../knowledge-base.js';
import { reply, type Block, type Button, type Reply } from '../reply.js';
import { flagTerms } from '../search/analyze.js';
import { ALLOWED_OPTIONS } from './parse-run-command.js';
import type { SandboxOutcome } from './sandbox.js';

/** A sandbox outcome as a reply: output in a code block, a status line, and "Run again". */
export function sandboxReply(outcome: SandboxOutcome, knowledge: KnowledgeBase): Reply {
  switch (outcome.kind) {
    case 'refused': {
      const blocks: Block[] = [{ kind: 'markdown', markdown: `Not run: ${outcome.refusal.reason}` }];
      const buttons: Button[] = [];
      const note = outcome.refusal.option?.startsWith('-') ? noteAbout(refusedOptions(outcome.line), knowledge) : null;
      if (note) {
        const where = note.from === 'reference' ? 'The Docker CLI reference covers' : 'The notes cover';
        blocks.push({ kind: 'context', markdown: `${where} ${'`'}${outcome.refusal.option}${'`'}: ${note.section.trail.join(' › ')}` });
        buttons.push({ label: `Read: ${note.section.title}`, action: encodeAction({ type: 'topic', sectionId: note.section.id }) });
      }
      return reply({ kind: 'sandbox', summary: `Not run: ${outcome.refusal.reason}`, blocks, buttons });
    }
    case 'busy':
    case 'unavailable':
      return reply({ kind: 'sandbox', summary: outcome.message, blocks: [{ kind: 'markdown', markdown: outcome.message }] });
    case 'ran': {
      const { job, posted, status } = outcome;
      const again = encodeWholeAction({ type: 'run-again', command: job.line });
      const blocks: Block[] = [
        { kind: 'code', text: posted.text === '' ? '(no output)' : posted.text },
        { kind: 'context', markdown: status },
      ];
      if (job.notes.length > 0) blocks.push({ kind: 'context', markdown: job.notes.join(' ') });
      return reply({
        kind: 'sandbox',
        title: job.line,
        summary: `${job.line}: ${status}`,
        blocks,
        buttons: again ? [{ label: 'Run again', action: again }] : [],
      });
    }
  }
}

/**
 * The note that explains the refused flags, when the notes have one. All of
 * them are asked together: `--privileged --pid=host` is the notes' own example
 * of abusing Docker to see the host's processes.
 */
function noteAbout(options: string, knowledge: KnowledgeBase) {
  const answer = askKnowledge(knowledge, options);
  return answer.found && answer.best ? { section: answer.best.section, from: answer.from } : null;
}

function refusedOptions(line: string): string {
  return flagTerms(line)
    .filter((flag) => !ALLOWED_OPTIONS.has(flag.split('=')[0]!))
    .filter((flag, i, all) => !all.some((other) => other !== flag && other.startsWith(`${flag}=`)))
    .join(' ');
}
