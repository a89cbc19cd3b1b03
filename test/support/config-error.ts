import { expect } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

/** The error `loadConfig` throws for these settings; fails the test when it throws none or another kind. */
export function configErrorFor(env: Record<string, string>): ConfigError {
  let error: unknown;
  try {
    loadConfig(env);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}
