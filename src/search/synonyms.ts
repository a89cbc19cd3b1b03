import { stem } from './analyze.js';

/**
 * Docker vocabulary that people say in different words. Each group is a set
 * of words a question may use for the same idea; a question word pulls in the
 * rest of its group at a lower weight, so an exact word still wins.
 * Data, not code: add a group when a real question misses.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['remove', 'delete', 'rm', 'rmi', 'erase', 'clean', 'cleanup', 'prune', 'purge', 'tidy'],
  ['exit', 'exits', 'exited', 'stop', 'stops', 'terminate', 'terminates', 'die', 'dies', 'quit', 'finish', 'finishes', 'end', 'ends', 'shut', 'shutdown'],
  ['kill', 'sigkill', 'sigterm', 'signal'],
  ['list', 'ls', 'show', 'display', 'view'],
  ['persist', 'persistent', 'persistence', 'storage', 'store', 'data', 'volume', 'mount'],
  ['port', 'ports', 'publish', 'expose', 'forward', 'forwarding', 'mapping', 'map'],
  ['log', 'logs', 'logging', 'output', 'stdout'],
  ['shell', 'bash', 'sh', 'terminal', 'console', 'prompt'],
  ['interactive', 'interactively', 'tty', 'attach'],
  ['exec', 'execute', 'enter', 'inside'],
  ['detach', 'detached', 'background', 'daemon'],
  ['health', 'healthy', 'healthcheck', 'unhealthy', 'liveness', 'readiness'],
  ['compose', 'multi-container', 'yml', 'yaml', 'docker-compose'],
  ['network', 'networking', 'networks', 'bridge', 'connectivity'],
  ['dns', 'hostname', 'resolve', 'name'],
  ['link', 'links', 'linking'],
  ['build', 'builds', 'dockerfile', 'compile'],
  ['multi-stage', 'multistage', 'stage', 'stages'],
  ['registry', 'registries', 'repository', 'repo', 'hub', 'ecr'],
  ['push', 'upload', 'publish', 'share'],
  ['pull', 'download', 'fetch'],
  ['environment', 'env', 'variable', 'variables'],
  ['version', 'versions', 'release'],
  ['install', 'installed', 'installation', 'setup'],
  ['check', 'verify', 'confirm', 'test', 'ensure'],
  ['flag', 'flags', 'option', 'options', 'switch', 'switches', 'parameter', 'parameters', 'argument', 'arguments'],
  ['size', 'small', 'smaller', 'smallest', 'lightweight', 'slim', 'bloat', 'lighter', 'lightest', 'tiny'],
  ['root', 'user', 'nonroot', 'privilege', 'privileges', 'privileged', 'permission', 'permissions'],
  ['limit', 'limits', 'constraint', 'constraints', 'memory', 'cpu', 'resource', 'resources', 'quota'],
  ['process', 'processes', 'pid', 'pid1'],
  ['commit', 'save', 'snapshot'],
  ['diff', 'changes', 'changed', 'modified', 'modify'],
  ['tag', 'tags', 'tagging', 'label', 'rename'],
  ['cmd', 'command', 'entrypoint', 'default'],
  ['copy', 'cp', 'add'],
  ['ignore', 'dockerignore', 'exclude'],
  ['image', 'images', 'template', 'snapshot'],
  ['container', 'containers', 'instance'],
  ['restart', 'rerun', 'relaunch', 'start', 'starts', 'started'],
  ['status', 'running', 'running', 'ps', 'state'],
  ['inspect', 'details', 'properties', 'metadata'],
  ['isolate', 'isolated', 'isolation', 'sandbox', 'none'],
  ['host', 'machine', 'laptop'],
  ['login', 'authenticate', 'credentials', 'password', 'username'],
  ['layer', 'layers', 'diff', 'cache', 'caching', 'order'],
  ['deterministic', 'pin', 'pinned', 'reproducible', 'specific', 'latest'],
  ['jvm', 'java'],
  ['app', 'apps', 'application', 'applications', 'service', 'services'],
  ['scale', 'scaling', 'horizontally', 'balancer', 'balancing', 'haproxy'],
  ['ephemeral', 'automatic', 'automatically', 'random', 'auto'],
  ['space', 'disk', 'usage', 'cleanup'],
  ['immediately', 'straight', 'instantly', 'right', 'quickly', 'duration'],
];

/** stem → stems of the same idea (excluding itself). */
export function synonymTable(groups: readonly (readonly string[])[] = SYNONYM_GROUPS): Map<string, string[]> {
  const table = new Map<string, Set<string>>();
  for (const group of groups) {
    const stems = [...new Set(group.map((w) => stem(w.toLowerCase().replace(/-/g, ''))))];
    for (const s of stems) {
      const set = table.get(s) ?? new Set<string>();
      for (const other of stems) if (other !== s) set.add(other);
      table.set(s, set);
    }
  }
  return new Map([...table].map(([k, v]) => [k, [...v]]));
}
