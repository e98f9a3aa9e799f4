import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../cli/main.js';
import { listDeprecationWarnings, loadConfig } from '../../shared/core/config.js';
import {
  CONFIG_SETTINGS,
  listSettings,
  OPERATIONS_SETTINGS,
  renderConfigurationTable,
} from '../../shared/core/configSchema.js';
import { loadOperationsSettings } from '../../shared/operations/settings.js';
import { runTeddyLogs } from '../support/cli.js';

const README = join(__dirname, '..', '..', 'README.md');

/** Every command's help text, subcommands included. */
function helpTexts(): Array<[string, string]> {
  const program = buildProgram(
    {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr as NodeJS.WriteStream,
      env: {},
    },
    () => undefined,
  );
  const texts: Array<[string, string]> = [];
  const walk = (command: Command, path: string) => {
    let text = '';
    command.configureOutput({ writeOut: (chunk) => (text += chunk), writeErr: (chunk) => (text += chunk) });
    command.outputHelp();
    texts.push([path, text]);
    for (const sub of command.commands) walk(sub, `${path} ${sub.name()}`);
  };
  walk(program, 'teddy-logs');
  return texts;
}

describe('the configuration schema', () => {
  it("is what the README's configuration table shows", () => {
    const readme = readFileSync(README, 'utf8');
    const table = /<!-- configuration-table:start -->\n([\s\S]*?)\n<!-- configuration-table:end -->/.exec(readme)?.[1];

    // On failure: run `teddy-logs config --markdown` and paste its output between the markers.
    expect(table).toBe(renderConfigurationTable());
  });

  it('documents the defaults the validation applies', () => {
    const config = loadConfig({}) as Record<string, unknown>;
    for (const [name, setting] of Object.entries(CONFIG_SETTINGS)) {
      const value = config[name];
      const shown = Array.isArray(value) ? value.join(',') : value === undefined ? undefined : String(value);
      expect([name, shown]).toEqual([name, (setting as { default?: string }).default]);
    }
  });

  it('names the stack parameter of every variable the stack reads, as serverless.yml does', () => {
    const stack = readFileSync(join(__dirname, '..', '..', 'serverless.yml'), 'utf8');
    const reads = [...stack.matchAll(/^\s+(\w+): \$\{env:([A-Z_]+)(?:, env:([A-Z_]+))?/gm)];
    expect(reads.length).toBeGreaterThan(8);
    const byName = new Map(listSettings().map((s) => [s.name, s]));
    for (const [, parameter, name, alias] of reads) {
      const setting = byName.get(name as string);
      expect([name, setting?.stackParameter, setting?.readBy.includes('stack')]).toEqual([name, parameter, true]);
      if (alias) expect([name, setting?.aliases?.map((a) => a.name)]).toEqual([name, expect.arrayContaining([alias])]);
    }
  });

  it('names every setting once, and never spells a setting the deprecated way', () => {
    const names = listSettings().map((s) => s.name);
    const deprecated = listSettings().flatMap((s) => (s.aliases ?? []).filter((a) => a.deprecated).map((a) => a.name));
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect(deprecated.filter((name) => names.includes(name))).toEqual([]);
  });

  it('reads a deprecated spelling, with one warning naming the replacement', () => {
    const env = { OPENSEARCH_ENDPOINT: 'http://os:9200' };
    expect(loadConfig(env).OPENSEARCH_URL).toBe('http://os:9200');
    expect(listDeprecationWarnings(env)).toEqual([
      'teddy-logs: WARNING: OPENSEARCH_ENDPOINT is deprecated; set OPENSEARCH_URL instead',
    ]);
    expect(listDeprecationWarnings({ OPENSEARCH_URL: 'http://os:9200', ELASTICSEARCH_HOSTS: 'es:9200' })).toEqual([]);
    expect(loadConfig({ ELASTICSEARCH_HOSTS: 'es-1:9200,es-2:9200' }).OPENSEARCH_URL).toBe('http://es-1:9200');
  });

  it('warns of a misspelt setting, and leaves the rest of the environment alone', () => {
    expect(
      listDeprecationWarnings({
        OPENSEARCH_ULR: 'http://os:9200',
        LOG_LEVELS: 'DEBUG',
        OPENSEARCH_PORT: '9250',
        HOME: '/',
      }),
    ).toEqual([
      'teddy-logs: WARNING: OPENSEARCH_ULR is not a setting and is ignored; did you mean OPENSEARCH_URL?',
      'teddy-logs: WARNING: LOG_LEVELS is not a setting and is ignored; did you mean LOG_LEVEL?',
    ]);
  });

  it('accepts the values the app logger accepts for the same variables', () => {
    expect(loadConfig({ LOG_LEVEL: 'silent', ENABLE_CONSOLE_LOGGING: 'enabled' })).toMatchObject({
      LOG_LEVEL: 'SILENT',
      ENABLE_CONSOLE_LOGGING: true,
    });
    expect(loadConfig({ LOG_LEVEL: 'warning' }).LOG_LEVEL).toBe('WARN');
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL: is not a log level; use one of TRACE/);
  });

  it('names the missing scheme of an address, with the fix', () => {
    expect(() => loadConfig({ OPENSEARCH_URL: 'localhost:9200' })).toThrow(
      /OPENSEARCH_URL: has no http:\/\/ or https:\/\/ scheme \(did you mean http:\/\/localhost:9200\?\)/,
    );
  });

  it('takes AWS_DEFAULT_REGION when AWS_REGION is unset, else the documented default', () => {
    expect(loadConfig({}).AWS_REGION).toBe('us-east-1');
    expect(loadConfig({ AWS_DEFAULT_REGION: 'eu-west-1' }).AWS_REGION).toBe('eu-west-1');
    expect(loadConfig({ AWS_DEFAULT_REGION: 'eu-west-1', AWS_REGION: 'eu-north-1' }).AWS_REGION).toBe('eu-north-1');
    expect(
      loadOperationsSettings({ OPENSEARCH_URL: 'https://search-x.eu-west-1.es.amazonaws.com' }).openSearch,
    ).toMatchObject({
      region: 'us-east-1',
    });
  });

  it("is what every command's help speaks of: known settings, by their one name", () => {
    const known = new Set(listSettings().map((s) => s.name));
    const deprecated = new Set(
      listSettings().flatMap((s) => (s.aliases ?? []).filter((a) => a.deprecated).map((a) => a.name)),
    );
    const allNames = new Set([...known, ...listSettings().flatMap((s) => (s.aliases ?? []).map((a) => a.name))]);
    const texts = helpTexts();
    const mentioned = texts.flatMap(([, help]) => [...help.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g)]);
    expect(mentioned.length).toBeGreaterThan(20);
    expect(mentioned.map((m) => m[0])).toEqual(expect.arrayContaining(['DEAD_LETTER_QUEUE_URL', 'OPENSEARCH_URL']));
    for (const [command, help] of texts) {
      const variables = [...help.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g)].map((m) => m[0]);
      for (const variable of variables) {
        expect([command, variable, deprecated.has(variable)]).toEqual([command, variable, false]);
        expect([command, variable, allNames.has(variable)]).toEqual([command, variable, true]);
      }
    }
    expect(Object.keys(OPERATIONS_SETTINGS).every((name) => known.has(name))).toBe(true);
  });
});

describe('the command line', () => {
  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(await runTeddyLogs(['--version'], {})).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });

  it('answers a usage error with the problem and where help is, not the whole help', async () => {
    const result = await runTeddyLogs(['process', '--sink', 'nowhere'], {});
    expect(result.code).toBe(2);
    expect(result.err.trim().split('\n')).toEqual([
      expect.stringMatching(/^teddy-logs: option '--sink <sink>' argument 'nowhere' is invalid/),
      '(see teddy-logs --help, or teddy-logs <command> --help)',
    ]);
  });

  it('exits 2 with one line naming the fix for an address without a scheme', async () => {
    const result = await runTeddyLogs(['setup', 'opensearch'], { OPENSEARCH_URL: 'localhost:9200' });
    expect(result.code).toBe(2);
    expect(result.err.trim().split('\n')).toEqual([
      expect.stringMatching(/OPENSEARCH_URL: has no http:\/\/ .*http:\/\/localhost:9200/),
    ]);
  });

  it('shows the configuration with its secrets masked', async () => {
    const env = {
      CHILD_ID_KEY: 'planted-child-id-key-0001',
      OPENSEARCH_URL: 'http://admin:planted-pw-0002@os:9200',
      OPENSEARCH_PASSWORD: 'planted-pw-0003',
    };
    const result = await runTeddyLogs(['config'], env);

    expect(result.code).toBe(0);
    expect(result.out).toContain('CHILD_ID_KEY=**** (set)\n');
    expect(result.out).toContain('OPENSEARCH_URL=http://admin:****@os:9200\n');
    expect(result.out).toContain('LOG_RETENTION_DAYS=(default: 90)\n');
    for (const secret of Object.values(env).map((v) => v.replace(/.*:(planted[^@]*)@.*/, '$1'))) {
      expect(result.out + result.err).not.toContain(secret);
    }
  });
});
