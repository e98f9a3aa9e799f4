import { DEFAULT_RULES } from './defaultRules.js';
import { PROVIDER_TOKEN_NEEDLES } from './providerTokens.js';
import { hasChar, includesAny, type Requirement, type TextShape } from './textShape.js';
import type { KeyValueRuleDefinition, PatternRuleDefinition, RuleDefinition } from './types.js';

const AT = 64;
const K_UPPER = 75;
const K_LOWER = 107;
const EQUALS = 61;
const COLON = 58;
const QUESTION = 63;
const AMPERSAND = 38;
const SEMICOLON = 59;
const SPACE = 32;
/** The end of the AWS secret key rule's keyword, as it is compared (case-insensitively). */
const SECRET_KEY_TAIL = /key["']?[ \t]{0,3}[=:]/i;

/** A piece of every name the national-id context rule knows, compared as it compares them. */
const NATIONAL_ID_WORD =
  /bsn|burgerservicenummer|sofinummer|sin|social|cpf|aadha|nir|insee|num|nino|national|dni|nie|codice|pesel|curp|steuer|tax id|ssn/i;
/** Any provider token's fixed piece, in one scan (the pre-check's needles, one `includes` each, cost a dozen). */
const PROVIDER_NEEDLE = new RegExp(
  PROVIDER_TOKEN_NEEDLES.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'),
);
/** The shortest provider token (`sk_live_` and ten characters). */
const PROVIDER_TOKEN_MIN_LENGTH = 18;
/** A piece of every secret word of the password-in-text rule. */
const SECRET_WORD = /pass|pwd|secret|token|api key|pin/i;
/** A piece of every birth word of the date-of-birth-in-text rule (the same flags: Unicode, any case). */
const BIRTH_WORD =
  /born|birth|d\.?o\.?b|geboren|geburtsdatum|né|nee|naissance|nacid|nacimiento|nat[oa]|nascita|nascid|nascimento|geboortedatum|urodz|生|誕/iu;

/**
 * Every word of the four word pre-checks above in one alternation, so the three quarters of strings that hold none
 * of them cost one scan, not four. Compared case-insensitively with Unicode case folding: it matches wherever any of
 * the four matches (the provider needles, compared exactly there, match here too), so it only ever says "maybe".
 */
const ANY_CONTEXT_WORD = new RegExp(
  [NATIONAL_ID_WORD, SECRET_WORD, BIRTH_WORD, PROVIDER_NEEDLE].map((word) => word.source).join('|'),
  'iu',
);
/**
 * The same words for text of ASCII characters only: there, without the `u` flag, the scan is faster and finds the same
 * (Unicode case folding matters only for characters outside ASCII, and the words outside ASCII cannot occur).
 */
const ANY_CONTEXT_WORD_IN_ASCII = new RegExp(ANY_CONTEXT_WORD.source, 'i');

/** True when the string may hold a word of one of the four word pre-checks; answered once per string. */
function mayHoldContextWord(shape: TextShape, text: string): boolean {
  if (shape.contextWord === -1) {
    const words = shape.nonAscii ? ANY_CONTEXT_WORD : ANY_CONTEXT_WORD_IN_ASCII;
    shape.contextWord = words.test(text) ? 1 : 0;
  }
  return shape.contextWord === 1;
}

/** How many characters a bare AWS secret key has, all of them base64 (`[A-Za-z0-9/+]`). */
const BARE_SECRET_KEY_LENGTH = 40;

/** One of `[A-Za-z0-9/+]`, the bare AWS secret key pattern's characters. */
function isKeyCharacter(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 47 ||
    code === 43
  );
}

/**
 * True when the text has `length` characters of `[A-Za-z0-9/+]` in a row, as a bare key must. One pass with no
 * regular expression: cheaper than the pattern's own look-around at every position of every long string.
 */
function hasKeyRun(text: string, length: number): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (!isKeyCharacter(text.charCodeAt(i))) run = 0;
    else if (++run >= length) return true;
  }
  return false;
}

/** Some ASCII capital letter (bits 1-26 of the 64-95 word). */
function hasCapital(shape: TextShape): boolean {
  return (shape.ascii[2] & CAPITALS) !== 0;
}
const CAPITALS = 0x7fffffe;

/**
 * What each default pattern needs in a string before it can match, read off the pattern (counts of the characters
 * its shortest match must hold). Only a necessary condition: the pattern still decides. Keyed by rule name but used
 * only for the exact default pattern and flags (see `requirementOf`): a rules file that changes a pattern loses the
 * shortcut, never a match. test/pipeline/redact/textShape.test.ts checks each against its pattern.
 */
const PATTERN_REQUIREMENTS: Readonly<Record<string, Requirement>> = {
  // -----BEGIN … PRIVATE KEY-----
  'private-key-block': (shape) => shape.capitalPair,
  // eyJ<4>.<2>.
  jwt: (shape) => shape.dots >= 2,
  // Every prefix (AKIA, ASIA …) starts with two capitals.
  'aws-access-key-id': (shape) => shape.capitalPair,
  // `secret` `key` `=` or `:`, then 40 characters.
  'aws-secret-access-key': (shape, text) =>
    text.length >= 50 && (hasChar(shape, K_LOWER) || hasChar(shape, K_UPPER)) && SECRET_KEY_TAIL.test(text),
  // scheme://user:pass@ — the scheme's colon and the password's.
  'url-credentials': (shape) => shape.colons >= 2 && hasChar(shape, AT),
  'url-secret-parameter': (shape) => hasChar(shape, QUESTION) || hasChar(shape, AMPERSAND) || hasChar(shape, SEMICOLON),
  // local@label.tld
  email: (shape) => shape.dots >= 1,
  // Two capitals, two digits, 11 more: 15 characters at least.
  iban: (shape, text) => shape.capitalsThenDigits && text.length >= 15,
  // 12 digits, single spaces, dots or dashes between.
  'card-number': (shape) => shape.digitChain >= 12,
  // 40 base64 characters in a row, a digit among them.
  'aws-secret-access-key-bare': (shape, text) =>
    text.length >= BARE_SECRET_KEY_LENGTH && shape.digits >= 1 && hasKeyRun(text, BARE_SECRET_KEY_LENGTH),
  // Nine digits in a chain (grouped ids, NIR, 11-digit ids), seven before a letter (DNI, NIE), or two capitals and
  // six digits (NINO, codice fiscale, CURP).
  'national-id': (shape) =>
    shape.digitChain >= 9 || (shape.digitChain >= 7 && hasCapital(shape)) || (shape.capitalPair && shape.digits >= 6),
  'provider-token': (shape, text) =>
    text.length >= PROVIDER_TOKEN_MIN_LENGTH && mayHoldContextWord(shape, text) && PROVIDER_NEEDLE.test(text),
  'national-id-in-context': (shape, text) =>
    text.length >= 11 && mayHoldContextWord(shape, text) && NATIONAL_ID_WORD.test(text),
  'password-in-text': (shape, text) => text.length >= 7 && mayHoldContextWord(shape, text) && SECRET_WORD.test(text),
  // Five digits at least (`June 5, 2012`).
  'date-of-birth-in-text': (shape, text) =>
    shape.digits >= 5 && mayHoldContextWord(shape, text) && BIRTH_WORD.test(text),
  // A house number and a space, or the Japanese block words.
  'street-address': (shape) => shape.digits >= 1 && (hasChar(shape, SPACE) || shape.nonAscii),
  // Year, month and day: six digits at least.
  'birth-date': (shape) => shape.digits >= 6,
  // Seven digits in one chain (the pattern's look-ahead).
  'phone-any-region': (shape) => shape.digitChain >= 7,
  // 3-2-4
  ssn: (shape) => shape.digitChain >= 9,
  // + and 8 digits
  'phone-international': (shape) => shape.digits >= 8,
  // 3 + 3 + 4 digits, apart by at most `) `.
  'phone-nanp': (shape) => shape.digitChain >= 10,
  // At least two `h:` groups.
  ipv6: (shape) => shape.hexColonPair,
  // Four numbers, three dots.
  ipv4: (shape) => shape.digitChain >= 4 && shape.dots >= 3,
};

const DEFAULT_PATTERNS = new Map(
  DEFAULT_RULES.filter((rule): rule is PatternRuleDefinition => rule.type === 'pattern').map((rule) => [
    rule.name,
    rule,
  ]),
);

/** The requirement of a pattern rule: only when it is a default rule with its default pattern and flags. */
export function requirementOf(definition: PatternRuleDefinition): Requirement | undefined {
  const original = DEFAULT_PATTERNS.get(definition.name);
  if (!original || original.pattern !== definition.pattern || (original.flags ?? '') !== (definition.flags ?? '')) {
    return undefined;
  }
  return PATTERN_REQUIREMENTS[definition.name];
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The last word of each of a key-value rule's keys (`api_key` -> `key`); undefined when a key has no word. */
function lastWordsOf(definition: KeyValueRuleDefinition): Set<string> | undefined {
  const words = new Set<string>();
  for (const key of [...definition.keys, ...(definition.suffixKeys ?? [])]) {
    const parts = key.split(/[-_.\s]+/).filter(Boolean);
    if (parts.length === 0) return undefined;
    words.add(escapeRegex(parts[parts.length - 1]));
  }
  return words;
}

/** `(?:word|…)["']?[ \t]{0,3}[=:]`, compared case-insensitively as key-value rules compare keys. */
function compileTail(words: ReadonlySet<string>): RegExp {
  // Longest first, so a word that starts another does not hide it (only a speed concern: any match will do).
  const alternatives = [...words].sort((a, b) => b.length - a.length).join('|');
  return new RegExp(`(?:${alternatives})["']?[ \\t]{0,3}[=:]`, 'i');
}

/**
 * A key-value rule's match always holds one of its keys' last word (`api_key` -> `key`) right before the
 * separator: `key["']?[ \t]{0,3}[=:]`, compared case-insensitively as the rule itself does. So a rule needs its
 * own words there; and one test over the words of every key-value rule, made once per string, rules them all out
 * at once for most strings. Returns the requirement of each key-value rule (undefined for a rule with a key that has
 * no word: no shortcut is safe for it).
 */
export function compileKeyValueRequirements(
  definitions: readonly RuleDefinition[],
): (definition: KeyValueRuleDefinition) => Requirement | undefined {
  const everyWord = new Set<string>();
  for (const definition of definitions) {
    if (definition.type !== 'keyValue') continue;
    for (const word of lastWordsOf(definition) ?? []) everyWord.add(word);
  }
  if (everyWord.size === 0) return () => undefined;
  const anyTail = compileTail(everyWord);
  const anyRuleCanMatch = (shape: TextShape, text: string): boolean => {
    if (shape.keyTail === -1) {
      shape.keyTail = (hasChar(shape, EQUALS) || hasChar(shape, COLON)) && anyTail.test(text) ? 1 : 0;
    }
    return shape.keyTail === 1;
  };
  return (definition) => {
    const words = lastWordsOf(definition);
    if (!words) return undefined;
    const ownTail = compileTail(words);
    return (shape, text) => anyRuleCanMatch(shape, text) && ownTail.test(text);
  };
}

/** A rule's pre-check needles as a requirement on the shape (the same answer as `includes` on each needle). */
export function needlesRequirement(needles: readonly string[]): Requirement {
  return (shape, text) => includesAny(shape, text, needles);
}
