import type { Command } from 'commander';
import { checkOptionValue, configFilePath, envName, loadConfig, readEnvOptions, SETTABLE } from './config.js';
import { ignoreFilePath } from './ignore-file.js';
import type { CliIO } from './io.js';
import type { RawScanOptions } from './options.js';

/**
 * Fills options the command line left at their defaults from `CORSCAN_*` variables,
 * then from the config file: flags > environment > file > defaults. Values from the
 * file and the environment pass the same checks as flags.
 */
export async function layerOptions(command: Command, raw: RawScanOptions, io: CliIO, cwd = process.cwd()): Promise<RawScanOptions> {
  const fromCli = (key: string) => command.getOptionValueSource(key) === 'cli';
  const env = readEnvOptions(io.env);
  const configPath = configFilePath(fromCli('config') ? raw.config : (io.env['CORSCAN_CONFIG'] || raw.config), cwd);
  const config = configPath ? await loadConfig(configPath) : undefined;
  const layered: Record<string, unknown> = { ...raw };
  for (const key of Object.keys(SETTABLE)) {
    if (fromCli(key) || (key === 'noIgnores' && fromCli('ignores'))) continue;
    const [value, where] = key in env ? [env[key], envName(key)] : [config?.values[key], `${configPath}: ${key}`];
    if (value === undefined) continue;
    // Config values were checked with their line when the file was read.
    if (key in env) checkOptionValue(key, value, where);
    layered[key] = value;
  }
  const result = layered as unknown as RawScanOptions;
  if (configPath) result.config = configPath;
  if (config?.targets.length) result.configTargets = config.targets;
  const ignoresOff = result.ignores === false || result.noIgnores === true;
  const ignoreFile = ignoresOff ? undefined : ignoreFilePath(result.ignoreFile, cwd);
  if (ignoreFile) result.ignoreFile = ignoreFile;
  else delete result.ignoreFile;
  return result;
}
