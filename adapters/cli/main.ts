import { Command, CommanderError, Option } from 'commander';
import { quote } from 'shell-quote';
import { lastingCaches, loadKnowledge, type LoadOptions } from '../../src/knowledge/load-knowledge.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import type { Knowledge, KnowledgePack } from '../../src/knowledge/section.js';
import { ConfigError } from '../../src/config.js';
import { parseCacheDir, parseCacheSeedDir, referenceEnabled, resolvePacks } from '../app/knowledge-packs.js';
import { askCommand } from './ask-command.js';
import type { CliIo } from './cli-io.js';
import { knowledgeCheckCommand } from './knowledge-check-command.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const knowledgeOption = (): Option =>
  new Option('--knowledge <dir>', 'knowledge folder (repeatable; replaces the default notes)').default([]).argParser(collect);

export interface LoadedKnowledge {
  readonly knowledge: Knowledge;
  readonly packs: readonly KnowledgePack[];
  readonly cacheFor: NonNullable<LoadOptions['cacheFor']>;
}

export interface LoadForOptions {
  readonly quiet?: boolean;
  /**
   * Add the bundled Docker CLI reference (a fallback pack). Only what answers
   * questions wants it (`ask`, `start`); the linter and the quiz read the notes
   * alone. Even when asked for, WHARFIE_REFERENCE=off leaves it out.
   */
  readonly reference?: boolean;
}

/** Loads the knowledge folders (through the parse cache), naming every file that was skipped. */
export async function loadFor(flags: readonly string[], io: CliIo, options: LoadForOptions = {}): Promise<Knowledge> {
  return (await loadKnowledgeFor(flags, io, options)).knowledge;
}

export async function loadKnowledgeFor(flags: readonly string[], io: CliIo, options: LoadForOptions = {}): Promise<LoadedKnowledge> {
  const reference = options.reference === true && referenceEnabled(io.env);
  const packs = resolvePacks(flags, io.env.WHARFIE_KNOWLEDGE, io.cwd, { reference });
  const cacheFor = lastingCaches(parseCacheDir(io.env), parseCacheSeedDir(io.env));
  const knowledge = await loadKnowledge(packs, { cacheFor });
  if (!options.quiet) {
    for (const problem of knowledge.problems) {
      io.stderr.write(`wharfie: skipped ${problem.pack}/${problem.source}: ${problem.message}\n`);
    }
  }
  return { knowledge, packs, cacheFor };
}

/** The `wharfie` command line. Returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('wharfie')
    .description('Docker answers, a daily quiz and a safe sandbox, from your team’s notes.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command('start', { isDefault: true })
    .description('run the bot: the terminal prompt, plus Slack and Discord when their tokens are set')
    .addOption(knowledgeOption())
    .option('--no-reference', 'leave out the bundled Docker CLI reference (answer from the notes only)')
    .action(async (options: { knowledge: string[]; reference: boolean }) => {
      const { startBot } = await import('../app/start-bot.js');
      exitCode = await startBot({ knowledgeFlags: options.knowledge, reference: options.reference, io });
    });

  program
    .command('ask')
    .description('answer one question (or one per stdin line with --batch)')
    .argument('[question...]', 'the question')
    .option('--json', 'print the answer as JSON (the documented contract)', false)
    .option('--batch', 'read one question per stdin line; print one JSON object per line', false)
    .addOption(knowledgeOption())
    .option('--no-reference', 'answer from the notes only, without the bundled Docker CLI reference')
    .action(async (words: string[], options: { json: boolean; batch: boolean; knowledge: string[]; reference: boolean }) => {
      const knowledge = new KnowledgeBase(await loadFor(options.knowledge, io, { reference: options.reference }));
      exitCode = await askCommand(knowledge, words.join(' '), options, io);
    });

  program
    .command('knowledge')
    .description('work with knowledge folders')
    .command('check')
    .description('lint a knowledge folder: unreadable files, empty sections, duplicate headings, sections too long to answer well')
    .argument('[dirs...]', 'folders to check (default: the configured knowledge)')
    .option('--json', 'print findings as JSON', false)
    .option('--strict', 'exit 1 on warnings too', false)
    .action(async (dirs: string[], options: { json: boolean; strict: boolean }) => {
      exitCode = knowledgeCheckCommand(await loadFor(dirs, io, { quiet: true }), options, io);
    });

  program
    .command('quiz')
    .description('print questions from the quiz bank (generated from the notes, plus knowledge/quiz/)')
    .option('--json', 'print as JSON (the documented contract)', false)
    .option('--count <n>', 'how many questions', (v) => Number.parseInt(v, 10), 5)
    .option('--seed <seed>', 'repeatable order: the same seed gives the same questions')
    .addOption(knowledgeOption())
    .action(async (options: { json: boolean; count: number; seed?: string; knowledge: string[] }) => {
      const { quizCommand } = await import('./quiz-command.js');
      if (!Number.isInteger(options.count) || options.count < 0) {
        io.stderr.write('wharfie quiz: --count takes a whole number\n');
        exitCode = 2;
        return;
      }
      exitCode = await quizCommand(await loadFor(options.knowledge, io), options, io);
    });

  program
    .command('report')
    .description('what the team asked that the notes did not answer well (reads WHARFIE_DB)')
    .option('--since <period>', 'how far back: 30d, 2w, 12h', '30d')
    .option('--json', 'print as JSON', false)
    .addOption(knowledgeOption())
    .action(async (options: { since: string; json: boolean; knowledge: string[] }) => {
      const { reportCommand } = await import('./report-command.js');
      exitCode = await reportCommand(await loadFor(options.knowledge, io, { quiet: true }), options, io);
    });

  program
    .command('sandbox')
    .description('run one `docker run` line in the sandbox, or prove its limits with --self-test')
    .argument('[line...]', 'the docker run line, e.g. "docker run busybox echo hi"')
    .option('--json', 'print the result as JSON (the documented contract)', false)
    .option('--self-test', 'prove the sandbox limits on this engine', false)
    .action(async (words: string[], options: { json: boolean; selfTest: boolean }) => {
      const { sandboxCommand, sandboxSelfTest } = await import('./sandbox-command.js');
      // One argument is the whole line as typed; several are re-quoted so `sh -c 'a b'` survives the shell.
      const line = words.length === 1 ? words[0]! : quote(words);
      exitCode = options.selfTest ? await sandboxSelfTest(io) : await sandboxCommand(line, options, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ConfigError) {
      io.stderr.write(`wharfie: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  return exitCode;
}
