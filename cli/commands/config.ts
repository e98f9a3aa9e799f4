import type { Command } from 'commander';
import { loadConfig } from '../../shared/core/config.js';
import { listSettings, renderConfigurationTable, resolveAliases } from '../../shared/core/configSchema.js';
import { maskSecrets } from '../../shared/core/secrets.js';
import type { CliIo } from '../io.js';

/**
 * `teddy-logs config [--markdown]`: every setting with the value this environment gives it (secrets masked, where
 * it came from), or the README's configuration table. The configuration is validated first, as every command does.
 */
export function registerConfig(program: Command, io: Pick<CliIo, 'stdout' | 'env'>): void {
  program
    .command('config')
    .description('Show every setting, its value in this environment (secrets masked) and who reads it.')
    .option('--markdown', "print the README's configuration table (generated from the same list)", false)
    .action((options: { markdown: boolean }) => {
      if (options.markdown) {
        io.stdout.write(`${renderConfigurationTable()}\n`);
        return;
      }
      loadConfig(io.env);
      const { values } = resolveAliases(io.env);
      for (const setting of listSettings()) {
        const raw = values[setting.name] ?? io.env[setting.name];
        const shown =
          raw === undefined || raw === ''
            ? `(default: ${setting.default ?? 'unset'})`
            : setting.secret
              ? '**** (set)'
              : maskSecrets(raw);
        io.stdout.write(`${setting.name}=${shown}\n`);
      }
    });
}
