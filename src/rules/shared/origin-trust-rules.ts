import type { Rule } from '../../model/rule.js';
import anySubdomain from '../any-subdomain.js';
import insecureScheme from '../insecure-scheme.js';
import localhostOrigin from '../localhost-origin.js';
import prefixMatch from '../prefix-match.js';
import specialChars from '../special-chars.js';
import substringMatch from '../substring-match.js';
import suffixMatch from '../suffix-match.js';
import thirdPartyOrigin from '../third-party-origin.js';
import unescapedDot from '../unescaped-dot.js';

/** The look-alike and wrong-origin rules (issue 4), in report order; spread into RULES. */
export const ORIGIN_TRUST_RULES: readonly Rule[] = [
  suffixMatch,
  prefixMatch,
  unescapedDot,
  substringMatch,
  specialChars,
  insecureScheme,
  anySubdomain,
  thirdPartyOrigin,
  localhostOrigin,
];
