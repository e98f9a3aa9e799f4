/**
 * Provider token formats, kept as data: each entry is a rule of gitleaks' default configuration
 * (github.com/gitleaks/gitleaks, config/gitleaks.toml, v8.28.0), by its rule id, with its regular expression
 * translated from Go RE2 to JavaScript (inline `(?i)` dropped where the format is case-fixed, `\b` boundaries
 * replaced by the look-arounds the text rules use). Only formats with a fixed prefix are taken: a token without one
 * (a 32-hex Datadog or Mailchimp key, Twilio's `SK` + 32 hex, a 40-character AWS secret) cannot be told from a trace id or a hash by its shape alone, and
 * is caught by the key-value and context rules instead.
 *
 * To update: compare with the named rules of a newer gitleaks release and change `GITLEAKS_VERSION`.
 */
export const GITLEAKS_VERSION = 'v8.28.0';

export interface ProviderTokenFormat {
  /** The gitleaks rule id. */
  readonly id: string;
  /** The token, without boundaries (the rule adds them). */
  readonly pattern: string;
  /** A fixed piece every token holds, for the cheap pre-check. */
  readonly needle: string;
}

export const PROVIDER_TOKEN_FORMATS: readonly ProviderTokenFormat[] = [
  { id: 'github-pat', pattern: 'ghp_[0-9a-zA-Z]{36}', needle: 'ghp_' },
  { id: 'github-fine-grained-pat', pattern: 'github_pat_\\w{82}', needle: 'github_pat_' },
  { id: 'github-oauth', pattern: 'gho_[0-9a-zA-Z]{36}', needle: 'gho_' },
  { id: 'github-app-token', pattern: 'ghu_[0-9a-zA-Z]{36}', needle: 'ghu_' },
  { id: 'github-app-token', pattern: 'ghs_[0-9a-zA-Z]{36}', needle: 'ghs_' },
  { id: 'github-refresh-token', pattern: 'ghr_[0-9a-zA-Z]{36}', needle: 'ghr_' },
  { id: 'gitlab-pat', pattern: 'glpat-[\\w-]{20}', needle: 'glpat-' },
  { id: 'slack-bot-token', pattern: 'xoxb-[0-9]{10,13}-[0-9]{10,13}[a-zA-Z0-9-]*', needle: 'xox' },
  { id: 'slack-user-token', pattern: 'xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34}', needle: 'xox' },
  { id: 'slack-legacy-token', pattern: 'xox[os]-\\d+-\\d+-\\d+-[a-fA-F\\d]+', needle: 'xox' },
  { id: 'slack-app-token', pattern: 'xapp-\\d-[A-Z0-9]+-\\d+-[a-z0-9]+', needle: 'xapp-' },
  { id: 'stripe-access-token', pattern: 'sk_(?:test|live|prod)_[a-zA-Z0-9]{10,99}', needle: 'sk_' },
  { id: 'stripe-access-token', pattern: 'rk_(?:test|live|prod)_[a-zA-Z0-9]{10,99}', needle: 'rk_' },
  { id: 'gcp-api-key', pattern: 'AIza[\\w-]{35}', needle: 'AIza' },
  { id: 'sendgrid-api-token', pattern: 'SG\\.[a-zA-Z0-9=_\\-.]{66}', needle: 'SG.' },
  { id: 'openai-api-key', pattern: 'sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,200}', needle: 'sk-' },
  { id: 'openai-api-key-legacy', pattern: 'sk-[a-zA-Z0-9]{20}T3BlbkFJ[a-zA-Z0-9]{20}', needle: 'T3BlbkFJ' },
  { id: 'anthropic-api-key', pattern: 'sk-ant-(?:api03|admin01)-[\\w-]{93}AA', needle: 'sk-ant-' },
  { id: 'npm-access-token', pattern: 'npm_[a-z0-9]{36}', needle: 'npm_' },
  { id: 'pypi-upload-token', pattern: 'pypi-AgEIcHlwaS5vcmc[\\w-]{50,1000}', needle: 'pypi-' },
  { id: 'shopify-access-token', pattern: 'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}', needle: 'shp' },
  { id: 'digitalocean-pat', pattern: 'do[opr]_v1_[a-f0-9]{64}', needle: '_v1_' },
  { id: 'huggingface-access-token', pattern: 'hf_[a-zA-Z]{34}', needle: 'hf_' },
  { id: 'postman-api-token', pattern: 'PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}', needle: 'PMAK-' },
];

/** One pattern for every format: a token is a whole token (nothing alphanumeric on either side). */
export const PROVIDER_TOKEN_PATTERN = `(?<![A-Za-z0-9_])(?:${PROVIDER_TOKEN_FORMATS.map((f) => f.pattern).join('|')})(?![A-Za-z0-9_])`;

export const PROVIDER_TOKEN_NEEDLES: readonly string[] = [...new Set(PROVIDER_TOKEN_FORMATS.map((f) => f.needle))];
