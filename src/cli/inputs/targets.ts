import { UsageError } from '../../model/errors.js';

/**
 * Quotes user input for a one-line error: control bytes escaped (a binary targets
 * file must not garble the terminal), long input cut, and `user:password@` hidden
 * even in a URL too broken to parse.
 */
export function quoteInput(input: string, max = 100): string {
  const masked = input.trim().replace(/\/\/[^/@\s]*:[^/@\s]*@/, '//[credentials]@');
  const cut = masked.length > max ? `${masked.slice(0, max)}…` : masked;
  return JSON.stringify(cut).replace(/[\u007f-\u009f\u2028\u2029\ufffd]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Checks and normalises one target URL. Only http(s); credentials in the URL are
 * refused, because they would be copied into reports and curl lines.
 */
export function normaliseTarget(input: string, where = 'target'): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new UsageError(`${where} ${quoteInput(input)} is not a valid URL (expected e.g. https://api.example.com/path)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${where} ${quoteInput(input)} has scheme ${quoteInput(url.protocol).slice(1, -1)} (only http: and https: can be scanned)`);
  }
  if (url.username || url.password) {
    throw new UsageError(`${where} "${url.host}${url.pathname}" contains credentials; pass them with --header "Authorization: ..." instead`);
  }
  url.hash = '';
  return url.href;
}
