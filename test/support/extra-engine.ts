import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { freePort } from './wire/bot-process.js';

/**
 * An extra Docker engine beside the default one, for the sandbox pool test
 * and bench: its own socket, data, exec root and pidfile under one temp
 * folder. The sandbox has no network, so the engine runs without iptables
 * rules, on a bridge of its own made here. Not `--bridge=none`: a dockerd
 * started with it deletes the host's `docker0`, which takes the default
 * engine's networking (and `docker build`) down with it.
 * Needs root, Debian's dockerd and `ip` (iproute2).
 */
export const DOCKERD = '/usr/sbin/dockerd';
const run = promisify(execFile);

export interface ExtraEngine {
  readonly socketPath: string;
  /** As WHARFIE_SANDBOX_HOSTS takes it: unix://…, or tcp://127.0.0.1:PORT when started with TLS. */
  readonly url: string;
  /** With TLS: the client's ca.pem, cert.pem and key.pem, for DOCKER_CERT_PATH. */
  readonly certPath: string | null;
  readonly docker: Docker;
  readonly pid: number;
  /** Stops the engine by its pid, waits for it to exit and its socket to go, then removes its folder. */
  stop(): Promise<void>;
  /** The engine's own log, for a failure message. */
  logTail(): Promise<string>;
}

/** Why another engine cannot start here, or null when it can. */
export function extraEngineUnsupported(): string | null {
  if (process.getuid?.() !== 0) return 'needs root to start dockerd';
  if (!existsSync(DOCKERD)) return `needs ${DOCKERD} (apt-get install -y docker.io)`;
  if (!existsSync('/usr/sbin/ip') && !existsSync('/sbin/ip') && !existsSync('/usr/bin/ip')) return 'needs ip (apt-get install -y iproute2)';
  return null;
}

export interface ExtraEngineOptions {
  /** Also listen on tcp://127.0.0.1 with TLS, client certificates required (made here with openssl). */
  readonly tls?: boolean;
  readonly readyWithinMs?: number;
}

export async function startExtraEngine({ tls = false, readyWithinMs = 30_000 }: ExtraEngineOptions = {}): Promise<ExtraEngine> {
  const unsupported = extraEngineUnsupported();
  if (unsupported) throw new Error(`cannot start another Docker engine: ${unsupported}`);
  // A short folder name: a unix socket path must stay under 108 bytes, and containerd puts its own under the exec root.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wharfie-engine-'));
  const socketPath = path.join(dir, 'docker.sock');
  const logPath = path.join(dir, 'dockerd.log');
  // An empty config file: a daemon.json on the machine (with "hosts", say) must not leak into this engine.
  await writeFile(path.join(dir, 'daemon.json'), '{}\n');
  const port = tls ? await freePort() : 0;
  const certs = tls ? await makeCertificates(path.join(dir, 'certs')) : null;
  const tlsArgs = certs
    ? ['--host', `tcp://127.0.0.1:${port}`, '--tlsverify', '--tlscacert', certs.ca, '--tlscert', certs.serverCert, '--tlskey', certs.serverKey]
    : [];
  // Its own bridge, named for this engine (at most 15 characters, as Linux allows).
  const bridge = `wharfie${path.basename(dir).slice(-6).replace(/[^A-Za-z0-9]/g, '0')}`;
  await run('ip', ['link', 'add', bridge, 'type', 'bridge']);
  const logFd = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawn(
      DOCKERD,
      [
        '--config-file', path.join(dir, 'daemon.json'),
        '--host', `unix://${socketPath}`,
        '--data-root', path.join(dir, 'data'),
        '--exec-root', path.join(dir, 'exec'),
        '--pidfile', path.join(dir, 'dockerd.pid'),
        `--bridge=${bridge}`, '--iptables=false', '--ip-masq=false',
        '--storage-driver=overlay2',
        ...tlsArgs,
      ],
      { stdio: ['ignore', logFd, logFd] },
    );
  } finally {
    closeSync(logFd);
  }
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const docker = new Docker({ socketPath });
  const logTail = async (): Promise<string> => (await readFile(logPath, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
  const stop = async (): Promise<void> => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGTERM');
      // dockerd stops its containers and containerd on SIGTERM; past the deadline it is killed.
      if (!(await settlesWithin(exited, 20_000))) {
        process.kill(child.pid, 'SIGKILL');
        await exited;
        // Killed, dockerd leaves its containerd running and its socket file behind.
        const containerd = Number(await readFile(path.join(dir, 'exec', 'containerd', 'containerd.pid'), 'utf8').catch(() => ''));
        if (containerd > 0) {
          try {
            process.kill(containerd, 'SIGKILL');
          } catch {
            // already gone
          }
        }
        await rm(socketPath, { force: true });
      }
    }
    await waitFor(() => !existsSync(socketPath), 10_000, `the socket ${socketPath} to go`);
    await run('ip', ['link', 'delete', bridge]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  };
  try {
    if (child.pid === undefined) throw new Error('dockerd did not start');
    let failed = false;
    void exited.then(() => (failed = true));
    await waitFor(async () => {
      if (failed) throw new Error(`dockerd exited:\n${await logTail()}`);
      return docker.ping().then(() => true, () => false);
    }, readyWithinMs, 'the extra engine to answer');
  } catch (error) {
    await stop();
    throw error;
  }
  const url = certs ? `tcp://127.0.0.1:${port}` : `unix://${socketPath}`;
  return { socketPath, url, certPath: certs?.clientDir ?? null, docker, pid: child.pid, stop, logTail };
}

/** Copies an image from one engine to another, like `docker save IMAGE | docker load`. */
export async function copyImage(from: Docker, to: Docker, ref: string): Promise<void> {
  const saved = await from.getImage(ref).get();
  const loading = await to.loadImage(saved, { quiet: true });
  await new Promise<void>((resolve, reject) => {
    to.modem.followProgress(loading, (error: Error | null, events: { error?: string }[]) => {
      const failed = events?.find((e) => e.error);
      if (error || failed) reject(error ?? new Error(failed?.error));
      else resolve();
    });
  });
  await to.getImage(ref).inspect();
}

/** Polls a condition until it holds, or fails naming what it waited for. */
export async function waitFor(condition: () => boolean | Promise<boolean>, withinMs: number, what: string): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting ${withinMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}


/**
 * A throwaway CA, a server certificate for 127.0.0.1 and a client certificate,
 * laid out as `docker --tlsverify` and DOCKER_CERT_PATH expect. EC keys: fast to make.
 */
async function makeCertificates(dir: string): Promise<{ ca: string; serverCert: string; serverKey: string; clientDir: string }> {
  const clientDir = path.join(dir, 'client');
  await mkdir(clientDir, { recursive: true });
  const at = (name: string): string => path.join(dir, name);
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  await writeFile(at('server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  await writeFile(at('client.ext'), 'extendedKeyUsage=clientAuth\n');
  await openssl('req', '-x509', ...key, '-keyout', at('ca-key.pem'), '-out', at('ca.pem'), '-days', '1', '-subj', '/CN=wharfie-test-ca');
  await openssl('req', ...key, '-keyout', at('server-key.pem'), '-out', at('server.csr'), '-subj', '/CN=127.0.0.1');
  await openssl('x509', '-req', '-in', at('server.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca-key.pem'), '-CAcreateserial', '-out', at('server-cert.pem'), '-days', '1', '-extfile', at('server.ext'));
  await openssl('req', ...key, '-keyout', path.join(clientDir, 'key.pem'), '-out', at('client.csr'), '-subj', '/CN=wharfie');
  await openssl('x509', '-req', '-in', at('client.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca-key.pem'), '-CAcreateserial', '-out', path.join(clientDir, 'cert.pem'), '-days', '1', '-extfile', at('client.ext'));
  await copyFile(at('ca.pem'), path.join(clientDir, 'ca.pem'));
  return { ca: at('ca.pem'), serverCert: at('server-cert.pem'), serverKey: at('server-key.pem'), clientDir };
}
