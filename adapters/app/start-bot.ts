import os from 'node:os';
import { createBot } from '../../src/bot.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import type { CliIo } from '../cli/cli-io.js';
import { loadKnowledgeFor } from '../cli/main.js';
import { watchKnowledge } from '../knowledge/watch-knowledge.js';
import { createSandbox } from '../sandbox-docker/create-sandbox.js';
import { runTerminal } from '../terminal/terminal-adapter.js';
import { createLogger } from './logger.js';

export interface StartOptions {
  readonly knowledgeFlags: readonly string[];
  readonly io: CliIo;
}

/**
 * The composition root: config, knowledge, the core, and every adapter the
 * environment asks for. With no tokens at all, that is the terminal prompt.
 */
export async function startBot({ knowledgeFlags, io }: StartOptions): Promise<number> {
  let config;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`wharfie: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const chatConfigured = config.slack !== null || config.discord !== null;
  const terminal = config.env.WHARFIE_TERMINAL === 'on' || (config.env.WHARFIE_TERMINAL === 'auto' && (io.interactive || !chatConfigured));
  // At the prompt, logs would interleave with answers: only warnings go to stderr there.
  const log = createLogger({
    level: terminal ? 'warn' : config.env.LOG_LEVEL,
    pretty: terminal,
    destination: io.stderr,
  });

  const loaded = await loadKnowledgeFor(knowledgeFlags, io);
  const knowledge = new KnowledgeBase(loaded.knowledge);
  log.info({ sections: knowledge.index.size, files: knowledge.knowledge.fileCount }, 'knowledge loaded');
  const watcher = watchKnowledge(knowledge, loaded.packs, { log, cacheFor: loaded.cacheFor });
  const sandbox = await createSandbox(config, log);
  log.info({ sandbox: sandbox ? 'on' : 'off' }, 'sandbox');
  const bot = createBot({ knowledge, log, now: () => new Date(), ...(sandbox ? { sandbox: sandbox.deps } : {}) });

  if (terminal) {
    await runTerminal(bot, {
      input: io.stdin,
      output: io.stdout,
      color: io.color,
      interactive: io.interactive,
      user: { id: 'terminal', name: safeUserName(), isAdmin: true },
    });
  }
  await watcher.close();
  sandbox?.close();
  return 0;
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'you';
  }
}
