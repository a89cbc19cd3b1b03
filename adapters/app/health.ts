import type { Route } from '../http/http-server.js';

export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<boolean>;
}

/** `/healthz`: the process answers. `/readyz`: everything it depends on answers too. */
export function healthRoutes(checks: readonly ReadinessCheck[]): [string, Route][] {
  return [
    [
      '/healthz',
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}\n');
      },
    ],
    [
      '/readyz',
      async (_req, res) => {
        const results = await Promise.all(
          checks.map(async ({ name, check }) => [name, await check().catch(() => false)] as const),
        );
        const ready = results.every(([, ok]) => ok);
        res
          .writeHead(ready ? 200 : 503, { 'content-type': 'application/json' })
          .end(`${JSON.stringify({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) })}\n`);
      },
    ],
  ];
}
