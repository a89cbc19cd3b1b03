import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Four lanes, all run by `npm test`:
 * - unit: the core and adapters in-process, no sockets, child processes, engine or
 *   big corpus (`npm run test:unit`, the lane to run while editing);
 * - wire: real SDKs against the local Slack/Discord fakes, the `wharfie` binary,
 *   file watchers;
 * - engine: the sandbox on a real Docker engine;
 * - corpus: answer quality and everything over the 1.2 MB Docker CLI reference.
 * A test file lands in unit unless it is listed in another lane.
 */
const WIRE = [
  'test/app/**/*.test.ts',
  'test/cli/all-adapters.test.ts',
  'test/cli/cli.test.ts',
  'test/discord/discord.test.ts',
  'test/discord/discord-gateway.test.ts',
  'test/slack/keep-alive-fetch.test.ts',
  'test/slack/slack-*.test.ts',
  'test/quiz/quiz-wire.test.ts',
  'test/quiz/quiz-state.test.ts',
  'test/terminal/start-prompt.test.ts',
  'test/knowledge/hot-reload.test.ts',
  'test/knowledge/knowledge-check.test.ts',
  'test/knowledge/note-lint.test.ts',
  'test/usage/report.test.ts',
  // PostgreSQL over TCP, and two `wharfie start` replicas on it.
  'test/store/postgres-store.test.ts',
  'test/store/replicas.test.ts',
  'test/discord/discord-shards.test.ts',
];
const ENGINE = ['test/sandbox/engine.test.ts', 'test/sandbox/engine-pool.test.ts', 'test/cli/sandbox-cli.test.ts'];
const CORPUS = [
  'test/eval/**/*.test.ts',
  'test/cli/reference.test.ts',
  'test/answer/command-card.test.ts',
  'test/answer/one-answer-path.test.ts',
  'test/quiz/question-bank.test.ts',
  'test/knowledge/reference-lint.test.ts',
];

// Tests that run the real `wharfie` binary need the compiled code: compile first (incremental).
const compiled = { globalSetup: ['test/support/global-setup.ts'] };

const lane = (name: string, include: string[], extra: object = {}): TestProjectInlineConfiguration => ({
  extends: true,
  test: { name, include, ...extra },
});

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Wire tests open real sockets; a thread pool keeps them isolated and fast.
    pool: 'threads',
    projects: [
      lane('unit', ['test/**/*.test.ts'], { exclude: [...WIRE, ...ENGINE, ...CORPUS] }),
      lane('wire', WIRE, compiled),
      lane('engine', ENGINE, compiled),
      // Parsing and indexing the reference takes seconds, more on a loaded machine.
      lane('corpus', CORPUS, { ...compiled, testTimeout: 60_000 }),
    ],
  },
});
