import { PROVIDER_TOKEN_NEEDLES, PROVIDER_TOKEN_PATTERN } from './providerTokens.js';
import type { RuleDefinition } from './types.js';

/**
 * The default rules, as data. Field rules match normalised names (lowercase, no `-` `_` `.` or spaces), so
 * `apiKey`, `api_key` and `X-Api-Key` are one name. Text rules run in this order and a span claimed by an earlier
 * rule is not claimed again, so the more specific rules come first (a URL's `user:pass@host` before the e-mail rule,
 * an IBAN before the card rule).
 *
 * Every pattern is written to run in linear time: a look-behind makes the engine try a match only at the start of a
 * token (so a 100 KB run of digits or letters costs one attempt, not one per position), repeated groups cannot split
 * the same text two ways, and formats with a maximum length have bounded quantifiers.
 */
export const DEFAULT_RULES: readonly RuleDefinition[] = [
  // ---- by field name -------------------------------------------------------------------------------------------
  {
    type: 'field',
    name: 'password-field',
    kind: 'password',
    fields: ['password', 'passwd', 'pwd', 'pass', 'passphrase', 'newpassword', 'oldpassword', 'currentpassword'],
    suffixes: ['password', 'passwd', 'passphrase', 'pincode'],
  },
  {
    type: 'field',
    name: 'pin-field',
    kind: 'password',
    fields: ['pin', 'otp', 'mfacode', 'verificationcode', 'onetimecode'],
  },
  {
    type: 'field',
    name: 'secret-field',
    kind: 'secret',
    fields: [
      'secret',
      'token',
      'apikey',
      'accesskey',
      'secretkey',
      'privatekey',
      'authorization',
      'proxyauthorization',
      'auth',
      'cookie',
      'cookies',
      'setcookie',
      'sessionid',
      'credentials',
      'credential',
      'signature',
      'connectionstring',
    ],
    suffixes: ['token', 'secret', 'apikey', 'privatekey', 'secretkey', 'accesskey', 'sessionid', 'cookie'],
  },
  {
    type: 'field',
    name: 'ssn-field',
    kind: 'ssn',
    fields: [
      'ssn',
      'socialsecuritynumber',
      'socialsecurity',
      'socialsecurityno',
      'taxid',
      'nationalid',
      'nationalidnumber',
      'nir',
      'nino',
      'nationalinsurancenumber',
      'dni',
      'nie',
      'codicefiscale',
      'bsn',
      'cpf',
      'aadhaar',
      'sin',
      'pesel',
      'curp',
      'steuerid',
      'passportnumber',
    ],
  },
  {
    type: 'field',
    name: 'card-field',
    kind: 'card',
    fields: [
      'cardnumber',
      'creditcard',
      'creditcardnumber',
      'ccnumber',
      'cc',
      'pan',
      'cvv',
      'cvv2',
      'cvc',
      'cvc2',
      'cardcvv',
      'cardcvc',
      'securitycode',
      'cardsecuritycode',
      'cardexpiry',
      'expirydate',
    ],
    suffixes: ['cardnumber'],
  },
  {
    type: 'field',
    name: 'date-of-birth-field',
    kind: 'date_of_birth',
    fields: ['dob', 'dateofbirth', 'birthdate', 'birthday', 'birthdt'],
    suffixes: ['dateofbirth', 'birthdate'],
  },
  {
    type: 'field',
    name: 'address-field',
    kind: 'address',
    fields: [
      'address',
      'homeaddress',
      'streetaddress',
      'street',
      'streetname',
      'address1',
      'address2',
      'addressline',
      'addressline1',
      'addressline2',
      'postalcode',
      'postcode',
      'zip',
      'zipcode',
      'billingaddress',
      'shippingaddress',
      'mailingaddress',
      'residentialaddress',
    ],
    suffixes: ['streetaddress', 'homeaddress', 'postalcode', 'zipcode'],
  },
  {
    type: 'field',
    name: 'phone-field',
    kind: 'phone',
    fields: [
      'phone',
      'phonenumber',
      'mobile',
      'mobilenumber',
      'telephone',
      'tel',
      'cell',
      'cellphone',
      'fax',
      'msisdn',
    ],
    suffixes: ['phone', 'phonenumber', 'mobilenumber'],
  },
  {
    type: 'field',
    name: 'email-field',
    kind: 'email',
    fields: ['email', 'emailaddress', 'mail'],
    suffixes: ['email', 'emailaddress'],
  },
  {
    type: 'field',
    name: 'child-name-field',
    kind: 'child_name',
    fields: ['childname', 'childfirstname', 'childlastname', 'childfullname', 'childsname', 'kidname', 'childnickname'],
  },
  {
    type: 'field',
    name: 'child-object-name-field',
    kind: 'child_name',
    fields: [
      'name',
      'firstname',
      'lastname',
      'fullname',
      'givenname',
      'familyname',
      'surname',
      'nickname',
      'displayname',
    ],
    within: ['child', 'children', 'kid', 'kids', 'childprofile'],
  },
  {
    type: 'field',
    name: 'person-name-field',
    kind: 'person_name',
    // Keys that name a person (a parent, a guardian, a contact), not a thing (`filename`, `hostname`, `service_name`).
    fields: [
      'parentname',
      'guardianname',
      'mothername',
      'fathername',
      'firstname',
      'lastname',
      'middlename',
      'fullname',
      'givenname',
      'familyname',
      'surname',
      'maidenname',
      'realname',
      'personname',
      'contactname',
      'customername',
      'recipientname',
      'sendername',
      'cardholdername',
      'accountholdername',
      'billingname',
      'emergencycontactname',
    ],
    suffixes: ['parentname', 'guardianname', 'firstname', 'lastname', 'fullname', 'surname', 'holdername'],
  },
  {
    type: 'field',
    name: 'person-object-name-field',
    kind: 'person_name',
    fields: ['name', 'displayname', 'nickname'],
    within: [
      'parent',
      'parents',
      'guardian',
      'guardians',
      'contact',
      'customer',
      'user',
      'account',
      'profile',
      'owner',
    ],
  },
  {
    type: 'field',
    name: 'child-id-field',
    kind: 'child_id',
    action: 'hash',
    fields: ['childid', 'childids', 'kidid'],
  },
  {
    type: 'field',
    name: 'child-object-id-field',
    kind: 'child_id',
    action: 'hash',
    fields: ['id'],
    within: ['child', 'children', 'kid', 'kids', 'childprofile'],
  },
  {
    type: 'field',
    name: 'coordinates-field',
    kind: 'coordinates',
    action: 'coarsen',
    fields: ['lat', 'lon', 'lng', 'latitude', 'longitude'],
  },
  {
    type: 'field',
    name: 'ip-field',
    kind: 'ip',
    action: 'truncateIp',
    fields: [
      'ip',
      'clientip',
      'ipaddress',
      'ipaddr',
      'remoteip',
      'remoteaddr',
      'remoteaddress',
      'sourceip',
      'sourceipaddress',
      'userip',
      'xforwardedfor',
      'xrealip',
      'forwardedfor',
    ],
  },

  // ---- by pattern inside text ----------------------------------------------------------------------------------
  {
    type: 'pattern',
    name: 'private-key-block',
    kind: 'private_key',
    // The block up to its END line, or to the end of the base64 body when the line was cut before the END.
    // `-(?!-)` lets header lines (Proc-Type, DEK-Info) through without overlapping the END marker.
    pattern:
      '-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:[A-Za-z0-9+/=\\s\\\\:,.()]|-(?!-))*(?:-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----)?',
    precheck: ['PRIVATE KEY'],
  },
  {
    type: 'pattern',
    name: 'jwt',
    kind: 'jwt',
    pattern: '(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*',
    precheck: ['eyJ'],
  },
  {
    type: 'pattern',
    name: 'aws-access-key-id',
    kind: 'aws_access_key',
    pattern: '(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[A-Z0-9]{16}(?![A-Za-z0-9])',
    precheck: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'AGPA', 'AIDA', 'AIPA', 'ANPA', 'ANVA', 'AROA', 'APKA'],
  },
  {
    type: 'pattern',
    name: 'aws-secret-access-key',
    kind: 'aws_secret_key',
    // The secret is 40 base64 characters, indistinguishable from other base64 unless its keyword is next to it.
    pattern:
      '(?<pre>(?<![A-Za-z0-9])(?:aws[_-]?)?secret[_-]?(?:access[_-]?)?key["\']?[ \\t]{0,3}[=:][ \\t]{0,3}["\']?)(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])',
    flags: 'i',
    precheck: ['=', ':'],
  },
  {
    type: 'pattern',
    name: 'provider-token',
    kind: 'secret',
    // Provider API tokens by their fixed prefixes, from gitleaks' rule list (providerTokens.ts names the source).
    pattern: PROVIDER_TOKEN_PATTERN,
    precheck: [...PROVIDER_TOKEN_NEEDLES],
  },
  {
    type: 'pattern',
    name: 'aws-secret-access-key-bare',
    kind: 'aws_secret_key',
    // 40 base64 characters with no keyword near: taken only when the validator finds it as random as a key is
    // (upper and lower case and digits, high entropy, not hex), so hashes, trace ids and paths stay.
    pattern: '(?<![A-Za-z0-9/+=_.-])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=_-])',
    validator: 'high-entropy',
  },
  {
    type: 'pattern',
    name: 'bearer-token',
    kind: 'bearer_token',
    // `Basic` and `Digest` are English words too: after them only a credential-looking token (a digit or a base64
    // symbol) is taken. `Authorization: Basic <letters>` is still caught by the key-value rule.
    pattern:
      '(?<pre>(?<![A-Za-z0-9])(?:[Bb]earer|BEARER)[ \\t]{1,5}|(?<![A-Za-z0-9])(?:Basic|Digest)[ \\t]{1,5}(?=[A-Za-z]{0,4096}[0-9+/=._~-]))(?<secret>[A-Za-z0-9._~+/=-]{8,})',
    precheck: ['earer', 'EARER', 'Basic', 'Digest'],
  },
  {
    type: 'pattern',
    name: 'url-credentials',
    kind: 'url_credentials',
    pattern:
      '(?<pre>(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,20}://)(?<secret>[^\\s:/?#@\\[\\]]{0,256}:[^\\s/?#@]{1,8192})(?=@)',
    precheck: ['://'],
  },
  {
    type: 'pattern',
    name: 'url-secret-parameter',
    kind: 'url_secret',
    pattern:
      '(?<pre>[?&;](?:access_token|id_token|refresh_token|token|api_key|apikey|key|secret|client_secret|password|pwd|code|auth|sig|signature|session|sessionid|x-amz-signature|x-amz-credential|x-amz-security-token)=)(?<secret>[^&#\\s"\'<>]{1,4096})',
    flags: 'i',
    precheck: ['='],
  },
  {
    type: 'keyValue',
    name: 'key-value-child-id',
    kind: 'child_id',
    action: 'hash',
    keys: ['child_id', 'kid_id'],
    value: '[A-Za-z0-9_.:@+-]{1,128}',
  },
  {
    type: 'keyValue',
    name: 'key-value-cookie',
    kind: 'secret',
    // A cookie header holds several `name=value;` pairs: everything up to the end of the header goes.
    keys: ['cookie', 'set-cookie'],
    value: '[^\\r\\n"]{1,4096}',
  },
  {
    type: 'keyValue',
    name: 'key-value-password',
    kind: 'password',
    keys: ['password', 'passwd', 'pwd', 'pass', 'passphrase', 'pin'],
    suffixKeys: ['password', 'passwd'],
  },
  {
    type: 'keyValue',
    name: 'key-value-secret',
    kind: 'secret',
    keys: [
      'secret',
      'token',
      'api_key',
      'access_key',
      'secret_key',
      'private_key',
      'client_secret',
      'authorization',
      'auth',
      'session_id',
      'credentials',
      'credential',
    ],
    suffixKeys: ['token', 'secret', 'api_key'],
  },
  {
    type: 'keyValue',
    name: 'key-value-ssn',
    kind: 'ssn',
    keys: ['ssn', 'social_security_number'],
  },
  {
    type: 'keyValue',
    name: 'key-value-date-of-birth',
    kind: 'date_of_birth',
    keys: ['dob', 'date_of_birth', 'birth_date', 'birthdate', 'birthday'],
  },
  {
    type: 'keyValue',
    name: 'key-value-child-name',
    kind: 'child_name',
    keys: ['child_name', 'child_first_name', 'child_last_name', 'kid_name'],
  },
  {
    type: 'keyValue',
    name: 'key-value-person-name',
    kind: 'person_name',
    keys: [
      'parent_name',
      'guardian_name',
      'first_name',
      'last_name',
      'full_name',
      'given_name',
      'family_name',
      'surname',
      'middle_name',
      'contact_name',
      'customer_name',
      'cardholder_name',
    ],
    suffixKeys: ['parent_name', 'guardian_name', 'first_name', 'last_name', 'full_name'],
  },
  {
    type: 'keyValue',
    name: 'key-value-address',
    kind: 'address',
    keys: ['address', 'street', 'street_address', 'home_address', 'address_line1', 'address_line2', 'postcode', 'zip'],
    suffixKeys: ['address'],
  },
  {
    type: 'keyValue',
    name: 'key-value-national-id',
    kind: 'national_id',
    keys: [
      'national_id',
      'tax_id',
      'nir',
      'nino',
      'dni',
      'nie',
      'codice_fiscale',
      'bsn',
      'cpf',
      'aadhaar',
      'sin',
      'pesel',
      'curp',
    ],
  },
  {
    type: 'keyValue',
    name: 'key-value-coordinates',
    kind: 'coordinates',
    action: 'coarsen',
    keys: ['lat', 'lon', 'lng', 'latitude', 'longitude'],
    value: '-?\\d{1,3}(?:\\.\\d{1,20})?(?![\\d.])',
  },
  {
    type: 'pattern',
    name: 'email',
    kind: 'email',
    // Local part as addresses are written in practice (RFC 5322 atext also allows `/ = ? &`, which would swallow
    // the URL in front of `?user=a@b.com`); domain labels separated by dots, a letter TLD. Unbounded but linear:
    // the look-behind allows one attempt per run of local-part characters.
    pattern: '(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,63}(?![A-Za-z0-9-])',
    precheck: ['@'],
  },
  {
    type: 'pattern',
    name: 'email-url-encoded',
    kind: 'email',
    // An address in a URL or form body, its `@` written `%40`.
    pattern:
      '(?<![A-Za-z0-9._%+-])[A-Za-z0-9._+-]+(?:%2[Ee][A-Za-z0-9_+-]+)*%40(?:[A-Za-z0-9-]+(?:\\.|%2[Ee]))+[A-Za-z]{2,63}(?![A-Za-z0-9-])',
    precheck: ['%40'],
  },
  {
    type: 'pattern',
    name: 'email-international',
    kind: 'email',
    // Internationalised addresses (RFC 6531): letters of any script in the local part and the domain.
    pattern: '(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]+@(?:[\\p{L}\\p{N}-]+\\.)+\\p{L}{2,63}(?![\\p{L}\\p{N}-])',
    flags: 'u',
    precheck: ['@'],
  },
  {
    type: 'pattern',
    name: 'iban',
    kind: 'iban',
    pattern: '(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])',
    validator: 'iban-mod97',
  },
  {
    type: 'pattern',
    name: 'card-number',
    kind: 'card',
    // 12-19 digits (Maestro has 12) with optional single spaces, dots or dashes, a whole token: never the digits of
    // a longer hex or alphanumeric token (a UUID's leading groups, a hash, an `hmac-sha256:` value). The validator
    // finds the card among the candidate's groups, so a card after a date or a count (`2026-01-15 4111 …`,
    // `qty 2 4111 …`) or before an expiry (`4111 … 12/27`) is still found.
    pattern: '(?<![A-Za-z0-9_.+-])\\d(?:[ .-]?\\d){11,40}(?![A-Za-z0-9_]|[-.][A-Za-z0-9])',
    validator: 'luhn',
  },
  {
    type: 'pattern',
    name: 'ssn',
    kind: 'ssn',
    pattern: '(?<![A-Za-z0-9_.-])\\d{3}-\\d{2}-\\d{4}(?![A-Za-z0-9_-]|\\.\\d)',
    validator: 'ssn-valid',
    precheck: ['-'],
  },
  {
    type: 'pattern',
    name: 'phone-international',
    kind: 'phone',
    // E.164: + and 8 to 15 digits, optionally grouped by spaces, dashes, dots or a bracketed area code.
    pattern: '(?<![A-Za-z0-9+])\\+[1-9](?:[ .-]?\\(?\\d\\)?){7,14}(?![\\d])',
    precheck: ['+'],
  },
  {
    type: 'pattern',
    name: 'phone-nanp',
    kind: 'phone',
    // North American numbers with separators: (415) 555-2671, 415-555-2671, 415.555.2671, 1-415-555-2671.
    // Bare 10-digit runs are not matched: they are as likely to be epoch seconds or counters.
    pattern:
      '(?<![A-Za-z0-9_.+-])(?:1[ .-]?)?(?:\\([2-9]\\d{2}\\)[ ]?|[2-9]\\d{2}[ .-])\\d{3}[ .-]\\d{4}(?![A-Za-z0-9_-]|\\.\\d)',
  },
  {
    type: 'pattern',
    name: 'ipv6',
    kind: 'ip',
    pattern:
      '(?<![A-Za-z0-9_:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\\d{1,3}(?:\\.\\d{1,3}){3})?(?![A-Za-z0-9_:])',
    precheck: [':'],
    validator: 'ipv6',
  },
  {
    type: 'pattern',
    name: 'national-id',
    kind: 'national_id',
    // National and tax ids as they are written (validator: stdnum, check digits and structure): NIR, NINO, DNI/NIE,
    // codice fiscale, CURP, grouped BSN/SIN/Aadhaar/CPF/PESEL/Steuer-IdNr. A bare run of 9-12 digits is left to the
    // context rule below: alone it is as likely an order number.
    pattern:
      '(?<![A-Za-z0-9_.+-])(?:[12] ?\\d{2} ?\\d{2} ?(?:\\d{2}|2[AB]) ?\\d{3} ?\\d{3} ?\\d{2}|[A-Z]{2} ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]|[XYZ]?-?\\d{7,8}-?[A-Z]|[A-Z]{6}\\d{2}[A-Z]\\d{2}[A-Z]\\d{3}[A-Z]|[A-Z]{4}\\d{6}[HM][A-Z]{5}[A-Z0-9]\\d|\\d{3,4}[ .-]\\d{2,4}[ .-]\\d{3,4}(?:[ .-]\\d{2,4})?)(?![A-Za-z0-9_]|[-.][A-Za-z0-9])',
    validator: 'national-id',
  },
  {
    type: 'pattern',
    name: 'national-id-in-context',
    kind: 'national_id',
    // A number right after the name of a national id (`BSN 111222333`, `Aadhaar: 234567890124`), compact.
    pattern:
      '(?<pre>(?<![A-Za-z])(?:bsn|burgerservicenummer|sofinummer|sin|social insurance(?: number)?|cpf|aadhaa?r|nir|insee|num[ée]ro de s[ée]curit[ée] sociale|nino|national insurance(?: number)?|dni|nie|codice fiscale|pesel|curp|steuer-?id|steueridentifikationsnummer|national id|tax id|ssn|social security(?: number)?)(?![A-Za-z])[^A-Za-z0-9\\n]{0,5}(?:(?:no|nr|number|num|n°)\\.?[^A-Za-z0-9\\n]{0,3})?)(?<secret>[A-Z0-9](?:[ .-]?[A-Z0-9]){7,20})(?![A-Za-z0-9])',
    flags: 'i',
    validator: 'national-id',
  },
  {
    type: 'pattern',
    name: 'password-in-text',
    kind: 'password',
    // A secret word in a sentence or a logfmt pair, then a value that looks like a secret (it holds a digit or a
    // symbol): `login with password hunter2 failed`, `password=&x9…`. `password reset requested` stays.
    pattern:
      '(?<pre>(?<![A-Za-z0-9])(?:password|passwd|pwd|passcode|passphrase|secret|token|api key|pin)(?![A-Za-z0-9_])(?:["\']?[ \\t]{0,3}[=:][ \\t]{0,3}|[ \\t]{1,3}(?:(?:is|was|of)[ \\t]{1,3})?)["\']?)(?<secret>(?=[^\\s"\']{0,256}[0-9!#$%&*+/=?@^_~-])[^\\s"\']{4,256})',
    flags: 'i',
  },
  {
    type: 'pattern',
    name: 'date-of-birth-in-text',
    kind: 'date_of_birth',
    // A date after a word for birth, in the formats of the corpus locales: ISO, day/month/year or month/day/year
    // with any separator, month names, and `2012年06月05日`.
    pattern:
      '(?<pre>(?<![\\p{L}])(?:born(?: on)?|birthday|birth ?date|date of birth|d\\.?o\\.?b\\.?|geboren(?: am)?|geburtsdatum|n[ée]e?(?: le)?|date de naissance|nacid[oa](?: el)?|fecha de nacimiento|nat[oa](?: il)?|data di nascita|nascid[oa](?: em)?|data de nascimento|geboortedatum|urodzon[ya]|data urodzenia|生年月日|誕生日|生日|出生日期)(?![\\p{L}])[^\\p{L}\\p{N}\\n]{0,5})(?<secret>\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|\\d{1,2}[-/. ]\\d{1,2}[-/. ]\\d{2,4}|\\d{4}年\\s?\\d{1,2}月\\s?\\d{1,2}日|\\d{1,2}\\.? ?\\p{L}{3,12}\\.? \\d{4}|\\p{L}{3,12}\\.? \\d{1,2},? \\d{4})',
    flags: 'iu',
  },
  {
    type: 'pattern',
    name: 'street-address',
    kind: 'address',
    // A house number and a street word in the corpus locales' orders: `42 Honey Lane`, `Hauptstraße 5`,
    // `12 rue de la Paix`, `Calle Mayor, 3`, `Via Roma 10`, `Rua Augusta, 1500`, `Kerkstraat 12`.
    pattern:
      "(?<![\\p{L}\\p{N}])(?:\\d{1,5}[A-Za-z]?,? (?:[\\p{Lu}][\\p{L}'.-]{1,20} ){0,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Place|Pl|Terrace|Close|Crescent|Square|Parkway|Highway|Circle|Trail|Row|Hill|Gardens|Mews|Alley|Fields?|Crossing|Extension|Heights|Junction|Manor|Meadows?|Mills?|Parks?|Ridge|Springs?|Station|Summit|Valley|Views?|Village|Ville|Vista|Walks?|Estates?|Falls|Ferry|Forest|Fork|Glen|Green|Grove|Harbor|Haven|Island|Lake|Landing|Loop|Mall|Mount|Oval|Pass|Path|Pike|Plains?|Point|Port|Prairie|Ranch|Rapids|Rest|River|Route|Run|Shoals?|Shore|Stream|Track|Trace|Tunnel|Turnpike|Union|Unions)\\.?|\\d{1,4}(?:bis|ter)?,? (?:rue|avenue|av\\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours|passage) [\\p{L}' -]{2,40}|(?:Calle|C/|Avenida|Avda\\.|Plaza|Paseo|Camino|Ronda|Travesía|Via|Viale|Piazza|Corso|Vicolo|Largo|Rua|Av\\.|Travessa|Alameda|Praça|Ulica|ul\\.|Aleja|al\\.) [\\p{L}' .-]{2,40},? (?:n[º°.] ?)?\\d{1,5}|[\\p{Lu}][\\p{L}-]{1,30}(?:straße|strasse|str\\.|weg|gasse|platz|allee|ring|damm|ufer|straat|laan|plein|gracht|kade|singel|dreef|steeg|väg|vägen|gatan) \\d{1,4}[a-z]?)(?![\\p{L}\\p{N}])",
    flags: 'u',
  },
  {
    type: 'pattern',
    name: 'ipv4',
    kind: 'ip',
    // A valid dotted quad is an address, even when it could be a version: `1.2.3.4` goes, `v1.2.3.4` and `1.2.3`
    // stay. Not part of a longer dotted run (`1.2.3.4.5`).
    pattern:
      '(?<![A-Za-z0-9_]|\\d\\.)(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?![A-Za-z0-9_]|\\.\\d)',
    precheck: ['.'],
  },
  {
    type: 'pattern',
    name: 'phone-any-region',
    kind: 'phone',
    // Phone numbers of every region (validator: libphonenumber-js): international with `+`/`00`, or national with
    // a trunk `0` or grouped digits (`03-1234-5678`, `(11) 98765-4321`, `030 1234567`). Last, so dates, addresses,
    // cards and ids claim their digits first.
    pattern:
      '(?<![A-Za-z0-9_.+/-])(?:(?:\\+|00)\\d{1,3}[ .-]?)?(?:\\(\\d{1,5}\\)[ .-]?|\\d{1,5}[ .-])(?:\\d{1,5}[ .-]){0,4}\\d{2,5}(?![A-Za-z0-9_]|[.:/-]\\d)|(?<![A-Za-z0-9_.+/-])(?:\\+\\d{7,15}|0\\d{8,11})(?![A-Za-z0-9_]|[.:/-]\\d)',
    validator: 'phone',
  },
];
