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
    fields: ['ssn', 'socialsecuritynumber', 'socialsecurity', 'socialsecurityno', 'taxid', 'nationalid'],
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
      '-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY-----(?:[A-Za-z0-9+/=\\s\\\\:,.()]|-(?!-))*(?:-----END[ A-Z0-9]{0,40}PRIVATE KEY-----)?',
    precheck: ['PRIVATE KEY-----'],
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
    name: 'bearer-token',
    kind: 'bearer_token',
    // `Basic` and `Digest` are English words too: after them only a credential-looking token (a digit or a base64
    // symbol) is taken. `Authorization: Basic <letters>` is still caught by the key-value rule.
    pattern:
      '(?<pre>(?<![A-Za-z0-9])(?:[Bb]earer|BEARER)[ \\t]{1,5}|(?<![A-Za-z0-9])(?:Basic|Digest)[ \\t]{1,5}(?=[A-Za-z]{0,4096}[0-9+/=._~-]))(?<secret>[A-Za-z0-9._~+/=-]{8,4096})',
    precheck: ['earer', 'EARER', 'Basic', 'Digest'],
  },
  {
    type: 'pattern',
    name: 'url-credentials',
    kind: 'url_credentials',
    pattern:
      '(?<pre>(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,20}://)(?<secret>[^\\s:/?#@\\[\\]]{0,256}:[^\\s/?#@]{1,256})(?=@)',
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
    name: 'iban',
    kind: 'iban',
    pattern: '(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])',
    validator: 'iban-mod97',
  },
  {
    type: 'pattern',
    name: 'card-number',
    kind: 'card',
    // 13-19 digits with optional single spaces or dashes; the validator finds the Luhn-valid prefix, so a card
    // followed by more digits (`4111 1111 1111 1111 12/27`) is still found.
    pattern: '(?<![A-Za-z0-9_.+-])\\d(?:[ -]?\\d){12,30}(?!\\d)',
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
    name: 'ipv4',
    kind: 'ip',
    // A valid dotted quad is an address, even when it could be a version: `1.2.3.4` goes, `v1.2.3.4` and `1.2.3`
    // stay. Not part of a longer dotted run (`1.2.3.4.5`).
    pattern:
      '(?<![A-Za-z0-9_]|\\d\\.)(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?![A-Za-z0-9_]|\\.\\d)',
    precheck: ['.'],
  },
];
