import { parse as splitWords } from 'shell-quote';
import type { Refusal, RunJob } from './run-job.js';

/**
 * Parse, don't pass: a `[docker] run [OPTIONS] IMAGE [COMMAND] [ARG...]` line
 * becomes a typed job or a refusal, before any Docker call. Words are split by
 * shell rules (shell-quote), but no shell runs and nothing is expanded.
 */

export const MAX_LINE_CHARS = 2_000;
/** Docker's own default for non-root: the image's `nobody`. */
export const SANDBOX_USER = '65534:65534';

type Parsed = { job: RunJob } | { refusal: Refusal };

/**
 * What was typed after `/docker run` (or `wharfie sandbox`) as a run line:
 * `busybox echo hi` and a pasted `docker run busybox echo hi` both work.
 */
export function asRunLine(text: string): string {
  return /^\s*(docker\s+)?(container\s+)?run\b/.test(text) ? text : `run ${text}`;
}

const refuse = (reason: string, option: string | null = null): Parsed => ({ refusal: { reason, option } });

/** Accepted and ignored, with what they would have done. */
const NO_OPS: Readonly<Record<string, string>> = {
  '--rm': '`--rm`: sandbox containers are always removed after the run.',
  '-i': '`-i`: there is no stdin here; the command runs without input.',
  '--interactive': '`-i`: there is no stdin here; the command runs without input.',
  '-t': '`-t`: no terminal is attached; output is captured instead.',
  '--tty': '`-t`: no terminal is attached; output is captured instead.',
  '--init': '`--init`: the sandbox always runs an init process.',
};

/** Options a learner might paste, refused with a reason they can learn from. */
const REFUSED: Readonly<Record<string, string>> = {
  '--privileged': 'gives the container full access to the host',
  '--cap-add': 'adds Linux capabilities; the sandbox drops them all',
  '--security-opt': 'changes the security profile the sandbox depends on',
  '-v': 'mounts host folders or volumes; the sandbox has no host mounts',
  '--volume': 'mounts host folders or volumes; the sandbox has no host mounts',
  '--mount': 'mounts host folders or volumes; the sandbox has no host mounts',
  '--volumes-from': 'mounts another container’s volumes',
  '-p': 'publishes ports; the sandbox has no network',
  '--publish': 'publishes ports; the sandbox has no network',
  '-P': 'publishes ports; the sandbox has no network',
  '--publish-all': 'publishes ports; the sandbox has no network',
  '--expose': 'exposes ports; the sandbox has no network',
  '--network': 'joins a network; the sandbox has none',
  '--net': 'joins a network; the sandbox has none',
  '--network-alias': 'joins a network; the sandbox has none',
  '--link': 'links to other containers; the sandbox is alone and offline',
  '--add-host': 'edits the container’s hosts file; the sandbox has no network',
  '--dns': 'sets DNS servers; the sandbox has no network',
  '--pid': 'shares a process namespace (with `host`, every process on the machine)',
  '--ipc': 'shares an IPC namespace',
  '--uts': 'shares the host name namespace',
  '--userns': 'changes user namespace remapping',
  '--cgroupns': 'changes the cgroup namespace',
  '--device': 'gives the container a host device',
  '--device-cgroup-rule': 'allows host devices',
  '--gpus': 'gives the container host GPUs',
  '--sysctl': 'changes kernel parameters',
  '--runtime': 'picks the container runtime; the sandbox chooses it',
  '--cgroup-parent': 'moves the container out of the sandbox’s resource limits',
  '--ulimit': 'changes resource limits; the sandbox sets them',
  '-m': 'changes the memory limit; the sandbox sets it',
  '--memory': 'changes the memory limit; the sandbox sets it',
  '--memory-swap': 'changes the memory limit; the sandbox sets it',
  '--cpus': 'changes the CPU limit; the sandbox sets it',
  '--pids-limit': 'changes the process limit; the sandbox sets it',
  '--tmpfs': 'adds mounts; the sandbox sets its own',
  '--read-only': 'is already on: the sandbox’s root filesystem is read-only',
  '-d': 'detaches; the sandbox waits for the command and shows its output',
  '--detach': 'detaches; the sandbox waits for the command and shows its output',
  '--restart': 'restarts containers; sandbox runs are one-shot',
  '--env-file': 'reads a file from the bot’s host',
  '--label-file': 'reads a file from the bot’s host',
  '--cidfile': 'writes a file on the bot’s host',
  '--log-driver': 'changes logging; the sandbox captures output itself',
  '--log-opt': 'changes logging; the sandbox captures output itself',
  '--pull': 'pulls images; the sandbox only runs its own local images',
  '--platform': 'picks another platform’s image',
  '--oom-kill-disable': 'disables the out-of-memory killer',
  '--oom-score-adj': 'changes out-of-memory priority',
  '--group-add': 'adds groups to the user',
  '--isolation': 'changes isolation technology',
};

/** Options that take a value as the next word (or after `=`). */
const WITH_VALUE = new Set(['-e', '--env', '-w', '--workdir', '--entrypoint', '-u', '--user', '--name']);

/** Every option the sandbox accepts; anything else starting with `-` before the image is refused. */
export const ALLOWED_OPTIONS: ReadonlySet<string> = new Set([...WITH_VALUE, ...Object.keys(NO_OPS), '--']);

export interface ParsePolicy {
  /** Name a user types → local image reference. */
  readonly images: ReadonlyMap<string, string>;
}

export function parseRunCommand(input: string, policy: ParsePolicy): Parsed {
  if (input.length > MAX_LINE_CHARS) return refuse(`That line is ${input.length.toLocaleString('en')} characters; the sandbox takes up to ${MAX_LINE_CHARS.toLocaleString('en')}.`);
  if (input.includes('\u0000')) return refuse('That line contains a NUL character.');
  const operator = topLevelOperator(input);
  if (operator) {
    return refuse(
      `\`${operator}\` is shell syntax, and no shell runs your line here: one \`docker run\` at a time. To use a shell inside the container, quote it: \`docker run busybox sh -c 'echo one; echo two'\`.`,
      operator,
    );
  }
  let tokens: ReturnType<typeof splitWords>;
  try {
    tokens = splitWords(input, (name) => `$${name}`);
  } catch (error) {
    return refuse(`That line could not be split into words (${(error as Error).message.trim().replace(/:$/, '')}). Check its quotes and \`$\` signs.`);
  }
  const words = tokens.flatMap((token) => {
    if (typeof token === 'string') return [token];
    if ('op' in token && token.op === 'glob') return [token.pattern];
    return []; // a trailing # comment
  });

  let i = 0;
  if (words[i] === 'docker') i += 1;
  if (words[i] === 'container' && words[i + 1] === 'run') i += 1;
  if (words[i] !== 'run') return refuse('The sandbox runs `docker run` lines, e.g. `docker run busybox echo hi`.', words[i] ?? null);
  i += 1;

  const env: [string, string][] = [];
  const notes = new Set<string>();
  let workdir: string | null = null;
  let entrypoint: string | null = null;
  let user: string | null = null;

  for (; i < words.length && words[i]!.startsWith('-'); i += 1) {
    const word = words[i]!;
    if (word === '--') {
      i += 1;
      break;
    }
    const options = expandShortOptions(word);
    if ('refusal' in options) return options;
    for (const { option, attached } of options.list) {
      let value = attached;
      if (WITH_VALUE.has(option) && value === undefined) {
        i += 1;
        value = words[i];
        if (value === undefined) return refuse(`\`${option}\` needs a value.`, option);
      }
      switch (option) {
        case '-e':
        case '--env': {
          const eq = value!.indexOf('=');
          if (eq <= 0) {
            return refuse(`\`${option} ${value}\` would copy that variable from the bot’s own environment; give it a value: \`${option} ${value}=something\`.`, option);
          }
          const name = value!.slice(0, eq);
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return refuse(`\`${name}\` is not a valid environment variable name.`, option);
          env.push([name, value!.slice(eq + 1)]);
          break;
        }
        case '-w':
        case '--workdir':
          if (!value!.startsWith('/')) return refuse(`The working directory must be an absolute path, like \`/tmp\`.`, option);
          workdir = value!;
          break;
        case '--entrypoint':
          if (value === '') return refuse('`--entrypoint` needs a program.', option);
          entrypoint = value!;
          break;
        case '-u':
        case '--user':
          if (isRoot(value!)) return refuse('The sandbox never runs as root; pick another user, like `nobody` or `1000`.', option);
          if (!/^[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.-]+)?$/.test(value!)) return refuse(`\`${value}\` is not a user name or id.`, option);
          user = value!;
          break;
        case '--name':
          notes.add('`--name`: sandbox containers get their own names.');
          break;
        default:
          if (NO_OPS[option]) notes.add(NO_OPS[option]);
          else return refuseOption(option);
      }
    }
  }

  const typed = words[i];
  if (typed === undefined) return refuse('Which image? e.g. `docker run busybox echo hi`.');
  const image = typed.replace(/:latest$/, '');
  const imageRef = policy.images.get(image);
  if (!imageRef) {
    const available = [...policy.images.keys()].map((n) => `\`${n}\``).join(', ');
    return refuse(`The sandbox only runs its own local images (${available}); \`${typed}\` is not one of them, and nothing is pulled.`, typed);
  }
  const command = words.slice(i + 1);
  const line = ['docker', 'run', ...lineOptions(env, workdir, entrypoint, user), image, ...command].map(quoteIfNeeded).join(' ');
  return { job: { image, imageRef, command, entrypoint, env, workdir, user, notes: [...notes], line } };
}

function refuseOption(option: string): Parsed {
  const why = REFUSED[option];
  if (why) return refuse(`\`${option}\` isn’t allowed in the sandbox: it ${why}.`, option);
  return refuse(
    `\`${option}\` isn’t allowed in the sandbox. It accepts \`-e NAME=VALUE\`, \`-w DIR\`, \`--entrypoint\`, \`-u USER\` (not root) and the harmless \`--rm -i -t --init --name\`.`,
    option,
  );
}

/** `-it` → `-i`, `-t`; `-eFOO=bar` → `-e` with `FOO=bar`; `--env=FOO=bar` → `--env` with `FOO=bar`. */
function expandShortOptions(word: string): { list: { option: string; attached?: string }[] } | { refusal: Refusal } {
  if (word.startsWith('--')) {
    const eq = word.indexOf('=');
    if (eq < 0) return { list: [{ option: word }] };
    // `--pid=host` is refused as `--pid`, whatever its value.
    return { list: [{ option: word.slice(0, eq), attached: word.slice(eq + 1) }] };
  }
  const list: { option: string; attached?: string }[] = [];
  for (let c = 1; c < word.length; c += 1) {
    const option = `-${word[c]}`;
    if (WITH_VALUE.has(option)) {
      const rest = word.slice(c + 1).replace(/^=/, '');
      list.push(rest === '' ? { option } : { option, attached: rest });
      break;
    }
    list.push({ option });
  }
  return { list };
}

function isRoot(user: string): boolean {
  const [name = '', group] = user.split(':');
  return name === 'root' || /^0+$/.test(name) || group === 'root' || (group !== undefined && /^0+$/.test(group));
}

/**
 * The first shell operator outside single quotes: `;`, `|`, `&`, `>`, `<`,
 * newlines, and (outside any quotes or inside double quotes) backticks and
 * `$(`. Inside `sh -c '...'` they are the container shell's business.
 */
export function topLevelOperator(text: string): string | null {
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      continue;
    }
    if (ch === '\\') {
      i += 1;
      continue;
    }
    if (ch === '`') return '`';
    if (ch === '$' && text[i + 1] === '(') return '$(';
    if (quote === '"') {
      if (ch === '"') quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '&' && text[i + 1] === '&') return '&&';
    else if (ch === '|' && text[i + 1] === '|') return '||';
    else if (';|&<>\n'.includes(ch)) return ch === '\n' ? 'a line break' : ch;
  }
  return null;
}

function lineOptions(env: readonly (readonly [string, string])[], workdir: string | null, entrypoint: string | null, user: string | null): string[] {
  return [
    ...env.flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    ...(workdir ? ['-w', workdir] : []),
    ...(entrypoint ? ['--entrypoint', entrypoint] : []),
    ...(user ? ['-u', user] : []),
  ];
}

function quoteIfNeeded(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
