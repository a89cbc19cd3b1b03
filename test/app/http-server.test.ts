import { afterEach, describe, expect, it } from 'vitest';
import { HttpServer } from '../../adapters/http/http-server.js';
import type { Logger } from '../../src/logger.js';

const logged: string[] = [];
const log = { error: (_fields: object, message: string) => void logged.push(message), warn: () => undefined, info: () => undefined, debug: () => undefined } as unknown as Logger;

let server: HttpServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
  logged.length = 0;
});

describe("the bot's HTTP server", () => {
  it('answers 500 when a route throws, synchronously or not, and logs it', async () => {
    server = new HttpServer(log)
      .route('/throws', () => {
        throw new Error('broken route');
      })
      .route('/rejects', async () => {
        throw new Error('broken async route');
      })
      .route('/ok', (_req, res) => void res.writeHead(200).end('fine'));
    const port = await server.listen(0, '127.0.0.1');
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`).then(async (r) => [r.status, await r.text()]);
    expect(await get('/throws')).toEqual([500, '']);
    expect(await get('/rejects')).toEqual([500, '']);
    expect(await get('/ok?x=1')).toEqual([200, 'fine']);
    expect(await get('/nowhere')).toEqual([404, 'not found\n']);
    expect(logged).toEqual(['http handler failed', 'http handler failed']);
  });
});
