import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import Docker from 'dockerode';
import tar from 'tar-stream';

/**
 * The sandbox's default image, made offline: Debian's static busybox, a few
 * applet links, a passwd with `nobody`, imported with `docker import`. No
 * registry is involved. The file count stays small on purpose: container
 * create time grows with it.
 */
export const DEFAULT_IMAGE_REF = 'wharfie-sandbox-busybox:latest';
export const BUSYBOX_BINARY = '/bin/busybox';

/** The applets a learner reaches for in the notes and the self-test needs. */
const APPLETS = [
  'sh', 'ash', 'echo', 'cat', 'ls', 'id', 'env', 'pwd', 'sleep', 'head', 'tail', 'wc', 'yes', 'dd', 'seq', 'printf',
  'touch', 'mkdir', 'rm', 'cp', 'mv', 'ln', 'chmod', 'ps', 'nc', 'wget', 'uname', 'hostname', 'whoami', 'true', 'false',
  'grep', 'sed', 'awk', 'tr', 'sort', 'uniq', 'date', 'du', 'df', 'free', 'top', 'kill', 'ip', 'ifconfig', 'nslookup',
  'timeout', 'find', 'cut', 'xargs', 'base64', 'md5sum', 'sha256sum', 'expr', 'test', 'tee', 'stat', 'mount', 'vi',
  'less', 'more', 'which', 'basename', 'dirname', 'nproc', 'ping', 'pstree', 'watch', 'od', 'hexdump', 'strings',
];

export async function sandboxRootfs(busyboxPath = BUSYBOX_BINARY): Promise<Buffer> {
  const busybox = await readFile(busyboxPath);
  const pack = tar.pack();
  const dir = (name: string, mode = 0o755): void => {
    pack.entry({ name, type: 'directory', mode, uid: 0, gid: 0 });
  };
  const file = (name: string, content: string | Buffer, mode = 0o644): void => {
    pack.entry({ name, mode, uid: 0, gid: 0 }, content);
  };
  // A root of 755 and a /tmp of 1777: a non-root user must reach /bin and write /tmp
  // (the --tmpfs mount takes the mode of the image's own /tmp).
  dir('./');
  dir('bin');
  dir('etc');
  dir('tmp', 0o1777);
  dir('home');
  dir('root', 0o700);
  file('bin/busybox', busybox, 0o755);
  for (const applet of APPLETS) pack.entry({ name: `bin/${applet}`, type: 'symlink', linkname: 'busybox', mode: 0o777 });
  file('etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/sh\nlearner:x:1000:1000:learner:/home:/bin/sh\n');
  file('etc/group', 'root:x:0:\nnobody:x:65534:\nlearner:x:1000:\n');
  pack.finalize();
  const parts: Buffer[] = [];
  for await (const chunk of pack) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/** What the image is made of besides busybox: a change here must make a new image. */
const IMAGE_CHANGES = ['CMD ["sh"]', 'ENV PATH=/bin', 'USER 65534:65534'];
const ROOTFS_LAYOUT = 1;

/**
 * Imports the rootfs as an image; resolves when the engine has it. The image
 * carries a fingerprint of what it is made of (busybox's bytes, the applets,
 * the changes) in its comment: when `ref` already has this one, nothing is
 * imported, and when it is replaced the old image is removed, so a test or
 * bench run leaves no dangling `<none>` image behind.
 */
export async function buildSandboxImage(docker: Docker, ref = DEFAULT_IMAGE_REF, busyboxPath = BUSYBOX_BINARY): Promise<string> {
  const [repo, tag = 'latest'] = ref.split(/:(?=[^/]+$)/);
  const busybox = await readFile(busyboxPath);
  const fingerprint = `wharfie-sandbox ${createHash('sha256').update(busybox).update(JSON.stringify([ROOTFS_LAYOUT, APPLETS, IMAGE_CHANGES])).digest('hex').slice(0, 32)}`;
  const existing = await docker.getImage(ref).inspect().catch(() => null);
  if (existing?.Comment === fingerprint) return ref;
  const rootfs = await sandboxRootfs(busyboxPath);
  const { Readable } = await import('node:stream');
  const stream = await docker.importImage(Readable.from([rootfs]) as unknown as NodeJS.ReadableStream, {
    repo,
    tag,
    message: fingerprint,
    changes: IMAGE_CHANGES,
  } as unknown as Record<string, unknown>);
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, events: { error?: string }[]) => {
      const failed = events?.find((e) => e.error);
      if (error || failed) reject(error ?? new Error(failed?.error));
      else resolve();
    });
  });
  // The image `ref` named before is now untagged; remove it unless something still uses it.
  if (existing) await docker.getImage(existing.Id).remove().catch(() => undefined);
  return ref;
}

/** `npm run sandbox:image` */
async function main(): Promise<void> {
  const docker = new Docker();
  const ref = process.argv[2] ?? DEFAULT_IMAGE_REF;
  await buildSandboxImage(docker, ref);
  const image = await docker.getImage(ref).inspect();
  process.stdout.write(`built ${ref} (${(image.Size / 1e6).toFixed(1)} MB) from ${BUSYBOX_BINARY}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`sandbox:image: ${(error as Error).message}\n(needs a running Docker engine and Debian's busybox-static: apt-get install -y docker.io busybox-static)\n`);
    process.exitCode = 1;
  });
}
