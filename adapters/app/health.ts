import type { Route } from '../http/http-server.js';

/** One thing the bot depends on, by name; readiness is the list of them. */
export interface ReadinessCheck {
  readonly name: string;
  /** Up or down; a down check may say what is wrong (shown under `down`). */
  check(): Promise<boolean | { readonly ok: boolean; readonly detail?: string }>;
  /** An optional part (the quiz): when it is down the bot still serves, and /readyz says "degraded" with 200. */
  readonly optional?: boolean;
  /** Why it is not ready, in a few words, when check() gives no detail of its own. */
  detail?(): string;
}

/**
 * `/healthz`: the process answers. `/readyz`: everything it depends on
 * answers too; when something does not, the 503 names it and says why
 * (`notReady`), so an operator need not read the logs to find out.
 */
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
          checks.map(async (c) => {
            const result = await c.check().catch((error: unknown) => ({ ok: false, detail: (error as Error).message }));
            const { ok, detail } = typeof result === 'boolean' ? { ok: result, detail: undefined } : result;
            return { name: c.name, ok, optional: c.optional ?? false, detail: ok ? undefined : (detail ?? c.detail?.()) };
          }),
        );
        const ready = results.every((r) => r.ok || r.optional);
        const status = !ready ? 'not ready' : results.every((r) => r.ok) ? 'ready' : 'degraded';
        const down = Object.fromEntries(results.filter((r) => !r.ok).map((r) => [r.name, r.detail ?? 'down']));
        res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(
          `${JSON.stringify({
            status,
            checks: Object.fromEntries(results.map((r) => [r.name, r.ok])),
            ...(Object.keys(down).length > 0 ? { down } : {}),
            // The 503 names what is not ready and why, so an operator need not read the logs.
            ...(ready ? {} : { notReady: down }),
          })}\n`,
        );
      },
    ],
  ];
}
