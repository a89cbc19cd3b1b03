import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { closest, distance } from 'fastest-levenshtein';
import { quote } from 'shell-quote';
import { KnowledgeBase } from '../../src/knowledge-base.js';
import { ConfigError } from '../../src/config.js';
import { packageRoot } from '../app/package-root.js';
import { loadFor, loadReferenceOnly } from '../app/load-knowledge-for.js';
import { applyToProcess, withEnvFile } from '../settings/env-file.js';
import { askCommand } from './ask-command.js';
import type { CliIo } from './cli-io.js';
import { knowledgeCheckCommand } from './knowledge-check-command.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const knowledgeOption = (): Option =>
  new Option('--knowledge <dir>', 'knowledge folder (repeatable; replaces the default notes)').default([]).argParser(collect);

// Loading lives in adapters/app so `start` (adapters/app/start-bot.ts) and the CLI share it without importing each other.
export { loadFor, loadKnowledgeFor, type LoadedKnowledge, type LoadForOptions } from '../app/load-knowledge-for.js';

/** Usage errors exit 2, as commander's own do. */
const USAGE = 2;

function version(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The `wharfie` command line. Returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: readonly string[], processIo: CliIo): Promise<number> {
  let io: CliIo;
  try {
    io = { ...processIo, env: withEnvFile(processIo.env, processIo.cwd) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    processIo.stderr.write(`wharfie: ${error.message}\n`);
    return 2;
  }
  if (processIo.env === process.env) applyToProcess(io.env);
  let exitCode = 0;
  const program = new Command('wharfie')
    .description('Docker answers, a daily quiz and a safe sandbox, from your team’s notes.')
    .version(version(), '-V, --version', 'print the version')
    // Options after a command's first argument belong to that argument: `wharfie sandbox busybox ls -l`.
    .enablePositionalOptions()
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

  const ask = program
    .command('ask')
    .description('answer one question (or one per stdin line with --batch); a flag is a question too: wharfie ask --pid=host')
    .argument('[question...]', 'the question')
    .option('--json', 'print the answer as JSON (the documented contract)', false)
    .option('--batch', 'read one question per stdin line; print one JSON object per line (implies --json)', false)
    .addOption(knowledgeOption())
    .option('--no-reference', 'answer from the notes only, without the bundled Docker CLI reference')
    // `wharfie ask --pid=host` asks about the flag; only a near miss of our own options is an error.
    .allowUnknownOption()
    .action(async (words: string[], options: { json: boolean; batch: boolean; knowledge: string[]; reference: boolean }) => {
      const question = words.join(' ').trim();
      const typo = misspeltOption(words, ask.options.map((o) => o.long).filter((l): l is string => l !== undefined));
      if (typo) {
        io.stderr.write(`wharfie ask: unknown option '${typo.typed}' (did you mean ${typo.meant}?). To ask about a flag, put it after --: wharfie ask -- ${typo.typed}\n`);
        exitCode = USAGE;
        return;
      }
      if (question === '' && !options.batch) {
        io.stderr.write('wharfie ask: give a question, e.g. wharfie ask how do volumes work (or --batch to read one per stdin line)\n');
        exitCode = USAGE;
        return;
      }
      const knowledge = new KnowledgeBase(await loadFor(options.knowledge, io, { reference: options.reference }));
      exitCode = await askCommand(knowledge, question, options, io);
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
      exitCode = await knowledgeCheckCommand(await loadFor(dirs, io, { quiet: true }), options, io);
    });

  program
    .command('quiz')
    .description('print questions from the quiz bank (generated from the notes, plus knowledge/quiz/); `quiz lint` lists the questions held back and why')
    .argument('[action]', '"lint": list every generated question that failed the checks, with the reason')
    .option('--json', 'print as JSON (the documented contract)', false)
    .option('--count <n>', 'how many questions', (v) => Number.parseInt(v, 10), 5)
    .option('--seed <seed>', 'repeatable order: the same seed gives the same questions')
    .option('--reference', 'quiz on the bundled Docker CLI reference instead of the notes', false)
    .addOption(knowledgeOption())
    .action(async (action: string | undefined, options: { json: boolean; count: number; seed?: string; knowledge: string[]; reference: boolean }) => {
      const { quizCommand, quizLintCommand } = await import('./quiz-command.js');
      if (action !== undefined && action !== 'lint') {
        io.stderr.write(`wharfie quiz: unknown action "${action}" (try \`wharfie quiz lint\`)\n`);
        exitCode = 2;
        return;
      }
      if (!Number.isInteger(options.count) || options.count < 0) {
        io.stderr.write('wharfie quiz: --count takes a whole number\n');
        exitCode = 2;
        return;
      }
      const knowledge = options.reference ? await loadReferenceOnly(io) : await loadFor(options.knowledge, io);
      exitCode = action === 'lint' ? await quizLintCommand(knowledge, options, io) : await quizCommand(knowledge, options, io);
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
    .argument('[line...]', 'the docker run line, as in chat: busybox echo hi, or "docker run busybox echo hi"')
    .option('--json', 'print the result as JSON (the documented contract)', false)
    .option('--self-test', 'prove the sandbox limits on this engine', false)
    .passThroughOptions()
    .addHelpText('after', '\nExit status: the container\'s own exit code when it ran; 125 when it did not run (refused, busy, no engine, WHARFIE_SANDBOX=off).')
    .action(async (words: string[], options: { json: boolean; selfTest: boolean }) => {
      const { sandboxCommand, sandboxSelfTest } = await import('./sandbox-command.js');
      if (options.selfTest) {
        exitCode = await sandboxSelfTest(io);
        return;
      }
      if (words.length === 0) {
        io.stderr.write('wharfie sandbox: give a command to run, e.g. wharfie sandbox busybox echo hi\n');
        exitCode = USAGE;
        return;
      }
      // One argument is the whole line as typed; several are re-quoted so `sh -c 'a b'` survives the shell.
      const line = words.length === 1 ? words[0]! : quote(words);
      exitCode = await sandboxCommand(line, options, io);
    });

  // `start` is the default command, so commander would take any other word as its argument.
  const [first] = argv;
  const names = program.commands.map((c) => c.name());
  if (first !== undefined && !first.startsWith('-') && first !== 'help' && !names.includes(first)) {
    const near = closest(first, names);
    const hint = distance(first, near) <= 2 ? ` (did you mean ${near}?)` : '';
    io.stderr.write(`wharfie: unknown command '${first}'${hint}. Commands: ${names.join(', ')}; see wharfie --help\n`);
    return USAGE;
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : USAGE;
    if (error instanceof ConfigError) {
      io.stderr.write(`wharfie: ${error.message}\n`);
      return USAGE;
    }
    throw error;
  }
  return exitCode;
}

/** A word like one of our own options but not quite (`--jsno`): a typo, not a question about a Docker flag. */
function misspeltOption(words: readonly string[], ours: readonly string[]): { typed: string; meant: string } | null {
  for (const word of words) {
    if (!word.startsWith('--')) continue;
    const name = word.split('=')[0]!;
    if (ours.includes(name)) continue;
    const meant = closest(name, [...ours]);
    if (distance(name, meant) <= 2) return { typed: word, meant };
  }
  return null;
}
