import type { Route } from '../http/http-server.js';

export interface ReadinessCheck {
  readonly name: string;
  /** Up or down; a down check may say what is wrong (shown under `down`). */
  check(): Promise<boolean | { readonly ok: boolean; readonly detail?: string }>;
  /** An optional part (the quiz): when it is down the bot still serves, and /readyz says "degraded" with 200. */
  readonly optional?: boolean;
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
          checks.map(async ({ name, check, optional = false }) => {
            const result = await check().catch((error: unknown) => ({ ok: false, detail: (error as Error).message }));
            const { ok, detail } = typeof result === 'boolean' ? { ok: result, detail: undefined } : result;
            return { name, ok, optional, detail };
          }),
        );
        const ready = results.every((r) => r.ok || r.optional);
        const status = !ready ? 'not ready' : results.every((r) => r.ok) ? 'ready' : 'degraded';
        const down = results.filter((r) => !r.ok).map((r) => [r.name, r.detail ?? 'down']);
        res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(
          `${JSON.stringify({
            status,
            checks: Object.fromEntries(results.map((r) => [r.name, r.ok])),
            ...(down.length > 0 ? { down: Object.fromEntries(down) } : {}),
          })}\n`,
        );
      },
    ],
  ];
}
