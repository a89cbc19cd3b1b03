import { REST, Routes } from 'discord.js';
import type { RESTGetCurrentApplicationResult, RESTPutAPIApplicationCommandsResult } from 'discord-api-types/v10';
import { ConfigError, loadConfig, type DiscordConfig } from '../../src/config.js';
import { withEnvFile } from '../settings/env-file.js';
import { DOCKER_COMMAND } from './command-definitions.js';

/**
 * `npm run discord:register`: puts `/docker` on Discord. With DISCORD_GUILD_ID
 * to that guild (instant), otherwise globally (can take up to an hour to show).
 * A bulk PUT replaces the command set, so running it again changes nothing.
 */
export async function registerCommands(config: DiscordConfig): Promise<{ scope: string; names: string[] }> {
  const rest = new REST({ ...(config.apiUrl ? { api: config.apiUrl } : {}) }).setToken(config.token);
  const applicationId = config.applicationId ?? ((await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult).id;
  const route = config.guildId ? Routes.applicationGuildCommands(applicationId, config.guildId) : Routes.applicationCommands(applicationId);
  // Guild commands take no `contexts` / `integration_types`: those only scope global ones.
  const { contexts: _contexts, integration_types: _types, ...guildCommand } = DOCKER_COMMAND;
  const saved = (await rest.put(route, { body: [config.guildId ? guildCommand : DOCKER_COMMAND] })) as RESTPutAPIApplicationCommandsResult;
  return { scope: config.guildId ? `guild ${config.guildId}` : 'global', names: saved.map((c) => c.name) };
}

async function main(): Promise<void> {
  const config = loadConfig(withEnvFile(process.env, process.cwd()));
  if (!config.discord) throw new ConfigError('DISCORD_TOKEN is not set.');
  const { scope, names } = await registerCommands(config.discord);
  process.stdout.write(`registered /${names.join(', /')} (${scope})\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`discord:register: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
