import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Docker from 'dockerode';
import { ConfigError } from '../../src/config.js';
import type { SandboxHostSpec } from '../../src/sandbox/sandbox-hosts.js';

/**
 * A dockerode client for one entry of WHARFIE_SANDBOX_HOSTS. `tcp://` is
 * always TLS with Docker's usual client files (ca.pem, cert.pem, key.pem in
 * DOCKER_CERT_PATH), the same layout `docker --tlsverify` reads.
 */
export async function engineClient(spec: SandboxHostSpec, certPath: string | undefined): Promise<Docker> {
  if (spec.transport === 'unix') return new Docker({ socketPath: spec.socketPath! });
  if (!certPath) throw new ConfigError(`WHARFIE_SANDBOX_HOSTS: ${spec.name} is a TLS engine; set DOCKER_CERT_PATH.`);
  const read = async (file: string): Promise<Buffer> => {
    try {
      return await readFile(path.join(certPath, file));
    } catch (error) {
      throw new ConfigError(`WHARFIE_SANDBOX_HOSTS: ${spec.name} needs ${file} in DOCKER_CERT_PATH (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`);
    }
  };
  // One after the other, so the error names the first file missing.
  const ca = await read('ca.pem');
  const cert = await read('cert.pem');
  const key = await read('key.pem');
  return new Docker({ protocol: 'https', host: spec.host!, port: spec.port!, ca, cert, key });
}
