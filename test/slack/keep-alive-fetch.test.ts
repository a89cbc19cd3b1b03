import net from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { keepAliveFetch } from '../../adapters/slack/keep-alive-fetch.js';
import { startFakeHttp, type FakeHttp } from '../support/wire/fake-http.js';

describe('the fetch Bolt and WebClient use (kept-alive node:http)', () => {
  let fake: FakeHttp | undefined;
  const transport = keepAliveFetch();
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  afterAll(() => transport.close());

  it('sends the body and headers, and hands back status, headers and body as a Response', async () => {
    fake = await startFakeHttp(() => ({ status: 429, headers: { 'retry-after': '7' }, body: { ok: false, error: 'ratelimited' } }));
    const res = await transport(`${fake.url}/api/chat.postMessage`, { method: 'POST', headers: { authorization: 'Bearer xoxb-1' }, body: new URLSearchParams({ channel: 'C1', text: 'a & b' }) });
    expect([res.status, res.ok, res.headers.get('retry-after')]).toEqual([429, false, '7']);
    expect(await res.json()).toEqual({ ok: false, error: 'ratelimited' });
    const [sent] = fake.requests;
    expect([sent!.method, sent!.headers.authorization, sent!.form]).toEqual(['POST', 'Bearer xoxb-1', { channel: 'C1', text: 'a & b' }]);
  });

  it('sends requests one after another on a kept-alive connection', async () => {
    fake = await startFakeHttp(() => ({ body: 'ok' }));
    for (let i = 0; i < 3; i += 1) {
      const res = await transport(`${fake.url}/respond/${i}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `answer ${i}` }) });
      expect(await res.text()).toBe('ok');
    }
    expect(fake.requests.map((r) => r.json)).toEqual([{ text: 'answer 0' }, { text: 'answer 1' }, { text: 'answer 2' }]);
    expect(new Set(fake.requests.map((r) => r.headers.connection))).toEqual(new Set(['keep-alive']));
  });

  it('gives up when its signal aborts, for a server that never answers', async () => {
    fake = await startFakeHttp(() => new Promise(() => undefined));
    const controller = new AbortController();
    const call = transport(`${fake.url}/respond/stuck`, { method: 'POST', body: '{}', signal: controller.signal });
    await fake.waitFor((r) => r.path === '/respond/stuck');
    controller.abort(new Error('timed out'));
    await expect(call).rejects.toThrow('timed out');
  });

  it('gives up with a TimeoutError after timeoutMs, for a server that never answers', async () => {
    fake = await startFakeHttp(() => new Promise(() => undefined));
    const call = transport.send(new URL(`${fake.url}/respond/slow`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 50 });
    await expect(call).rejects.toMatchObject({ name: 'TimeoutError', message: expect.stringMatching(/timeout/) });
  });

  it('close() fails the requests in flight and every later one instead of opening new connections', async () => {
    fake = await startFakeHttp(() => new Promise(() => undefined));
    const own = keepAliveFetch();
    const url = new URL(`${fake.url}/respond/stuck`);
    const stuck = own.send(url, { method: 'POST', headers: {}, body: '{}' });
    await fake.waitFor((r) => r.path === '/respond/stuck');
    own.close();
    await expect(stuck).rejects.toThrow('shutting down');
    await expect(own.send(url, { method: 'POST', headers: {}, body: '{}' })).rejects.toThrow('shutting down');
    expect(fake.requests).toHaveLength(1);
  });

  it('sends again on a new connection when a kept-alive one was closed by the server', async () => {
    // Answers the first request on each connection, and resets the connection on a second one.
    let connections = 0;
    let requests = 0;
    const server = net.createServer((socket) => {
      connections += 1;
      let seen = 0;
      socket.on('data', () => {
        requests += 1;
        seen += 1;
        if (seen === 1) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok');
        else socket.resetAndDestroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const transport = keepAliveFetch();
    try {
      const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/respond/1`;
      const first = await transport(url, { method: 'POST', body: '{"text":"one"}' });
      const second = await transport(url, { method: 'POST', body: '{"text":"two"}' });
      expect([await first.text(), await second.text()]).toEqual(['ok', 'ok']);
      expect({ connections, requests }).toEqual({ connections: 2, requests: 3 });
    } finally {
      transport.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
