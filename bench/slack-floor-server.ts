/**
 * The floor under `npm run bench -- slack`: what Node alone spends on the path
 * every slash command takes, measured the same way on the same machine. A bare
 * node:http server checks the signature (one HMAC), acks, and then posts a
 * fixed answer of about a kilobyte to the command's response_url over a
 * kept-alive connection. No Bolt, no answer, no store, no logging, and no
 * batching of answers (adapters/slack/after-ack.ts): each post runs cold, as
 * the bot's own work would one answer a turn. The floor moves with the
 * machine, so beside it the bot's figure tells a slow host from slow code.
 *
 * Run as its own process: `PORT=… SLACK_SIGNING_SECRET=… node slack-floor-server.js`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const secret = process.env.SLACK_SIGNING_SECRET ?? '';
const agent = new http.Agent({ keepAlive: true, timeout: 4_000 });
/** An answer of the size a short excerpt takes as Block Kit. */
const ANSWER = JSON.stringify({ response_type: 'ephemeral', text: 'answer', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(900) } }] });

const server = http.createServer((req, res) => {
  if (req.url === '/readyz') {
    res.end('ok');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${String(req.headers['x-slack-request-timestamp'])}:${body}`).digest('hex')}`);
    const given = Buffer.from(String(req.headers['x-slack-signature'] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401).end();
      return;
    }
    res.writeHead(200).end();
    const responseUrl = new URLSearchParams(body).get('response_url') ?? '';
    if (!URL.canParse(responseUrl)) return;
    // After the ack, in a later turn, one answer a turn: the floor does not batch answers as the bot does under load.
    setImmediate(() => {
      const post = http.request(responseUrl, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ANSWER) } }, (answer) =>
        answer.resume(),
      );
      post.on('error', () => undefined);
      post.end(ANSWER);
    });
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  agent.destroy();
  server.close(() => process.exit(0));
});
