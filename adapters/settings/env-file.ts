import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from '../../src/config.js';

/**
 * Settings from a `.env` file in the working folder, under the environment:
 * a variable set in the environment always wins over the file, as with
 * `docker run --env-file` and `node --env-file`. WHARFIE_ENV_FILE names
 * another file, or `off` for none (tests use it so a developer's own `.env`
 * never leaks into them). A missing default `.env` is fine; a named file
 * that is missing, or any file that cannot be read, is a settings error.
 */
export function withEnvFile(env: Record<string, string | undefined>, cwd: string): Record<string, string | undefined> {
  const setting = env.WHARFIE_ENV_FILE?.trim();
  if (setting === 'off') return env;
  const file = path.resolve(cwd, setting || '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !setting) return env;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code ?? (error as Error).message})`;
    throw new ConfigError(setting ? `WHARFIE_ENV_FILE=${setting}: ${file} ${why}` : `the settings file ${file} ${why}`);
  }
  const fromFile = parseEnv(text);
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  return merged;
}

/**
 * Fills in the running process's environment from the file too, for libraries
 * that read `process.env` themselves (docker-modem reads DOCKER_HOST there).
 * The environment still wins: only unset variables are filled.
 */
export function applyToProcess(merged: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(merged)) if (value !== undefined && process.env[key] === undefined) process.env[key] = value;
}
