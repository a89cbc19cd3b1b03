import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../src/logger.js';

export type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * The bot's one small HTTP server: health endpoints, and Slack's HTTP mode on
 * the same port. Routes are exact paths; anything else is a 404.
 */
export class HttpServer {
  private readonly routes = new Map<string, Route>();
  private readonly server: http.Server;

  constructor(private readonly log: Logger) {
    this.server = http.createServer((req, res) => this.dispatch(req, res));
    // Slack and load balancers keep connections alive; do not let idle ones pin shutdown.
    this.server.keepAliveTimeout = 5_000;
  }

  route(path: string, handler: Route): this {
    this.routes.set(path, handler);
    return this;
  }

  private dispatch(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0]!;
    const handler = this.routes.get(path);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const failed = (error: unknown): void => {
      this.log.error({ err: error, path }, 'http handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    };
    // Slack's route answers synchronously: no promise and microtask per request for it, and a throw is
    // answered 500 like a rejection instead of escaping into the server.
    try {
      handler(req, res)?.catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }
}
