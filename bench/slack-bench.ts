/**
 * Load on Slack's HTTP mode: signed slash commands at 100 per second for 20 s
 * into Bolt's receiver (open loop: requests leave on schedule whether or not
 * earlier ones were answered). Reports the ack latency Slack would see and
 * every error; answers go to a local response_url.
 */
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { HttpServer } from '../adapters/http/http-server.js';
import { createSlackAdapter } from '../adapters/slack/slack-adapter.js';
import { packageRoot } from '../adapters/app/package-root.js';
import { createBot } from '../src/bot.js';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import { silentLogger } from '../src/logger.js';
import { startFakeHttp } from '../test/support/wire/fake-http.js';
import { SIGNING_SECRET, postToSlackEndpoint, slashCommand, startFakeSlackApi } from '../test/support/wire/slack-fakes.js';
import { percentile } from './answers-bench.js';
import { readQuestions } from './eval.js';

export async function benchSlack(rate = 100, seconds = 20): Promise<void> {
  const root = packageRoot();
  const questions = readQuestions(path.join(root, 'test', 'eval', 'notes-questions.json')).map((q) => q.q);
  const knowledge = new KnowledgeBase(await loadKnowledge([{ name: 'notes', dir: path.join(root, 'knowledge') }]));
  const api = await startFakeSlackApi();
  const responses = await startFakeHttp(() => ({ body: 'ok' }));
  const adapter = createSlackAdapter({
    config: { mode: 'http', botToken: 'xoxb-bench', signingSecret: SIGNING_SECRET, apiUrl: api.apiUrl },
    bot: createBot({ knowledge, log: silentLogger, now: () => new Date() }),
    log: silentLogger,
  });
  await adapter.start();
  const server = new HttpServer(silentLogger).route('/slack/events', adapter.handleHttp!);
  const port = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/slack/events`;

  const total = rate * seconds;
  const latencies: number[] = [];
  const errors: string[] = [];
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = start + (i * 1_000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      postToSlackEndpoint(url, slashCommand(questions[i % questions.length]!, `${responses.url}/respond/${i}`))
        .then((res) => {
          latencies.push(res.ms);
          if (res.status !== 200) errors.push(`HTTP ${res.status}`);
        })
        .catch((error: unknown) => void errors.push((error as Error).message)),
    );
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - start) / 1_000;
  // Every command is answered through response_url; give the last ones a moment.
  const deadline = Date.now() + 5_000;
  while (responses.requests.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  latencies.sort((a, b) => a - b);
  console.log(`signed slash commands into HTTP mode: ${total} at ${rate}/s over ${elapsed.toFixed(1)} s`);
  console.log(`  ack latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms`);
  console.log(`  errors ${errors.length}${errors.length ? ` (${[...new Set(errors)].slice(0, 3).join('; ')})` : ''}; answers delivered ${responses.requests.length}/${total}`);
  await adapter.stop();
  await server.close();
  await api.close();
  await responses.close();
}
