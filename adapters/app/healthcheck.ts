import http from 'node:http';

/**
 * The image's HEALTHCHECK: asks the bot's own /healthz (no curl in the image,
 * as the notes advise). Exit 0 when it answers 200 within two seconds.
 */
const port = Number(process.env.PORT ?? 3000);
const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2_000 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
request.on('timeout', () => request.destroy(new Error('timed out')));
request.on('error', () => process.exit(1));
