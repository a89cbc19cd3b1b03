/**
 * `WHARFIE_SANDBOX_HOSTS`: the Docker engines the sandbox may run on, each
 * with how many runs it takes at once. Pure: this only reads the setting;
 * the adapter turns each entry into an engine client.
 *
 *   unix:///var/run/docker.sock*4,tcp://sandbox-2.internal:2376*2
 *
 * `*N` is optional (default 2, the single-engine pool). `tcp://` always means
 * TLS with the client files in DOCKER_CERT_PATH: an Engine API without TLS is
 * root on that machine for anyone who reaches the port.
 */
export interface SandboxHostSpec {
  /** The entry as written, without its capacity: safe to log and show (credentials are refused). */
  readonly name: string;
  readonly transport: 'unix' | 'tcp';
  /** unix: the socket path. */
  readonly socketPath?: string;
  /** tcp: host and port. */
  readonly host?: string;
  readonly port?: number;
  readonly capacity: number;
}

export const DEFAULT_HOST_CAPACITY = 2;
/** Far above what one engine serves for half-CPU runs; a typo like *400 is caught. */
const MAX_HOST_CAPACITY = 64;

export function parseSandboxHosts(spec: string): { hosts: SandboxHostSpec[] } | { error: string } {
  const hosts: SandboxHostSpec[] = [];
  for (const entry of spec.split(',').map((e) => e.trim()).filter(Boolean)) {
    const parsed = parseEntry(entry);
    if ('error' in parsed) return parsed;
    if (hosts.some((h) => h.name === parsed.host.name)) return { error: `"${parsed.host.name}" is listed twice.` };
    hosts.push(parsed.host);
  }
  if (hosts.length === 0) return { error: 'lists no engine; give unix://PATH or tcp://HOST:PORT entries separated by ",".' };
  return { hosts };
}

function parseEntry(entry: string): { host: SandboxHostSpec } | { error: string } {
  const star = /\*\s*([^*]*)$/.exec(entry);
  const address = (star ? entry.slice(0, star.index) : entry).trim();
  let capacity = DEFAULT_HOST_CAPACITY;
  if (star) {
    capacity = Number(star[1]);
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_HOST_CAPACITY) {
      return { error: `"${shown(address)}": capacity "*${star[1]}" is not a whole number from 1 to ${MAX_HOST_CAPACITY}.` };
    }
  }
  const unix = /^unix:\/\/(\/\S+)$/.exec(address);
  if (unix) return { host: { name: address, transport: 'unix', socketPath: unix[1]!, capacity } };
  if (/^tcp:\/\//.test(address)) {
    // Say which entry without echoing what sits before the "@".
    if (address.includes('@')) return { error: 'a tcp:// entry carries credentials; engines authenticate with the TLS client files in DOCKER_CERT_PATH instead.' };
    const tcp = /^tcp:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})\/?$/.exec(address);
    const port = Number(tcp?.[2]);
    if (!tcp || port < 1 || port > 65535) return { error: `"${shown(address)}" is not tcp://HOST:PORT.` };
    return { host: { name: address.replace(/\/$/, ''), transport: 'tcp', host: tcp[1]!.replace(/^\[|\]$/g, ''), port, capacity } };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(address)?.[1];
  return { error: scheme ? `"${scheme}://" engines are not supported; use unix:// or tcp:// (TLS).` : `"${shown(address)}" is not unix://PATH or tcp://HOST:PORT.` };
}

/** An entry as it may appear in an error: whatever sits before an "@" could be a password. */
function shown(address: string): string {
  return address.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/]*@/i, '$1***@');
}
