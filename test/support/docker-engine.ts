import Docker from 'dockerode';

/**
 * The real Docker engine for sandbox tests. Where none answers the tests are
 * skipped with a loud reason; CI sets WHARFIE_REQUIRE_DOCKER=1 so that a
 * missing engine fails instead of skipping.
 */
export const REQUIRE_DOCKER = process.env.WHARFIE_REQUIRE_DOCKER === '1';

export async function probeEngine(): Promise<{ docker: Docker; available: boolean; reason: string }> {
  const docker = new Docker();
  try {
    await Promise.race([docker.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer in 3 s')), 3_000).unref())]);
    return { docker, available: true, reason: '' };
  } catch (error) {
    const reason = `no Docker engine at ${process.env.DOCKER_HOST ?? '/var/run/docker.sock'} (${(error as Error).message})`;
    if (!REQUIRE_DOCKER) console.warn(`\n*** SKIPPING sandbox engine tests: ${reason}. Install and start one: see .ci/run ***\n`);
    return { docker, available: false, reason };
  }
}

export async function labelledContainers(docker: Docker): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: ['wharfie.sandbox=true'] } });
}
