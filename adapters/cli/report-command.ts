import { existsSync } from 'node:fs';
import { loadConfig } from '../../src/config.js';
import { KnowledgeBase } from '../../src/knowledge-base.js';
import type { Knowledge } from '../../src/knowledge/section.js';
import { parsePeriod, reportReply } from '../../src/usage/report.js';
import { UsageLog } from '../../src/usage/usage-log.js';
import { openStores } from '../app/open-stores.js';
import { renderReply } from '../terminal/render-terminal.js';
import type { CliIo } from './cli-io.js';

/** `wharfie report [--since 30d] [--json]`: the authors' report from the bot's database (WHARFIE_DATABASE_URL, else WHARFIE_DB). */
export async function reportCommand(knowledge: Knowledge, options: { since: string; json: boolean }, io: CliIo): Promise<number> {
  const period = parsePeriod(options.since);
  if (period === null) {
    io.stderr.write('wharfie report: --since takes hours, days or weeks, e.g. 30d, 2w, 12h\n');
    return 2;
  }
  const { env } = loadConfig(io.env);
  const file = env.WHARFIE_DB;
  if (!env.WHARFIE_DATABASE_URL && !existsSync(file)) {
    io.stderr.write(`wharfie report: no database at ${file} yet (the bot creates it on first run; WHARFIE_DB points elsewhere)\n`);
    return 1;
  }
  let stores;
  try {
    stores = await openStores(env);
  } catch (error) {
    io.stderr.write(`wharfie report: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const usage = new UsageLog({ store: stores.usage, hashUser: stores.hashUser, now: () => new Date(), recording: false });
    const report = await usage.report(period, new KnowledgeBase(knowledge));
    io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderReply(reportReply(report), { color: io.color })}\n`);
    return 0;
  } finally {
    await stores.close();
  }
}
