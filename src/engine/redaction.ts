import type { Exchange } from '../model/exchange.js';

/** What every redacted value is replaced with. */
export const REDACTED = '[redacted]';

/** Request headers whose values are secrets by default. */
export const SECRET_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
/** Response headers whose values are secrets by default. */
export const SECRET_RESPONSE_HEADERS = ['set-cookie'];

/**
 * Words that make a query parameter secret (`api_key`, `accessToken`, `X-Amz-Signature`):
 * a parameter is secret when its name, split at `-`, `_`, `.` and camelCase humps,
 * has one of these words, or run together is one of {@link SECRET_PARAM_NAMES}.
 */
const SECRET_PARAM_WORDS = new Set([
  'key', 'apikey', 'token', 'secret', 'password', 'passwd', 'pwd', 'pass', 'sig', 'signature',
  'auth', 'authorization', 'session', 'sessionid', 'sid', 'jwt', 'credential', 'credentials', 'otp', 'code',
]);
const SECRET_PARAM_NAMES = new Set(['apikey', 'accesstoken', 'refreshtoken', 'idtoken', 'authtoken', 'clientsecret', 'sessionid', 'privatekey']);

/** True when a query parameter name looks like it carries a credential. */
export function isSecretParam(name: string): boolean {
  const words = name.split(/[-_.\s]+|(?<=[a-z0-9])(?=[A-Z])/).map((word) => word.toLowerCase());
  return words.some((word) => SECRET_PARAM_WORDS.has(word)) || SECRET_PARAM_NAMES.has(words.join(''));
}

/** Shorter fragments are not scrubbed on their own: "Bearer" or "1" would blank out ordinary text. */
const MIN_FRAGMENT = 8;
/** Shorter whole values are hidden only where they stand (by header name): `Cookie: a=1` must not blank every "a=1". */
const MIN_VALUE = 4;

/** Characters that end a URL inside running text (a curl line, an error message, HTML). */
const URL_END = new Set([' ', '\t', '\n', '\r', '"', "'", '<', '>', '`', '\\']);

/** Decodes a URL component, or returns it as is when it is not valid percent-encoding. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * Replaces the userinfo of every `scheme://user:pass@host` in `text`. A scan from
 * each `://`, not a regex: a scheme pattern retried at every letter of a long word
 * is quadratic, and this runs on server text.
 */
function redactUserinfo(text: string, found: (secret: string) => void): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf('://'); at !== -1; at = text.indexOf('://', at + 3)) {
    const start = at + 3;
    let end = start;
    while (end < text.length && !'/?#'.includes(text[end]!) && !URL_END.has(text[end]!)) end += 1;
    const authority = text.slice(start, end);
    const userinfoEnd = authority.lastIndexOf('@');
    if (userinfoEnd <= 0 || authority.slice(0, userinfoEnd) === REDACTED) continue;
    found(authority.slice(0, userinfoEnd));
    out += `${text.slice(from, start)}${REDACTED}`;
    from = start + userinfoEnd;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Replaces the value of every secret-looking `name=value` after a `?`, `&` or `;` in `text`. */
function redactQueryValues(text: string, found: (secret: string) => void): string {
  // No "=": no query value to hide (most strings of a report; every one passes through here).
  if (!text.includes('=')) return text;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (char !== '?' && char !== '&' && char !== ';') continue;
    // The name ends at the next separator, so every character is looked at a bounded number of times.
    let eq = i + 1;
    while (eq < text.length && !'=?&;#'.includes(text[eq]!) && !URL_END.has(text[eq]!)) eq += 1;
    if (text[eq] !== '=' || !isSecretParam(decoded(text.slice(i + 1, eq)))) continue;
    let end = eq + 1;
    while (end < text.length && !'&;#'.includes(text[end]!) && !URL_END.has(text[end]!)) end += 1;
    const value = text.slice(eq + 1, end);
    if (value === '' || value === REDACTED || value === encodeURIComponent(REDACTED)) continue;
    found(value);
    out += `${text.slice(from, eq + 1)}${REDACTED}`;
    from = end;
    i = end - 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** `text` with URL userinfo and secret-looking query values redacted: for messages written before a run's policy exists. */
export function hideUrlSecrets(text: string): string {
  const ignore = () => undefined;
  return redactQueryValues(text.includes('://') ? redactUserinfo(text, ignore) : text, ignore);
}

/**
 * The one redaction policy of a run, built from `--show-secrets`, `--secret-header`
 * and the user's headers; every output goes through it: reports (all formats),
 * curl evidence, recordings, replays, proof-of-concept pages and error messages.
 *
 * Secrets are hidden three ways: by header name (the values of `Authorization`,
 * `Cookie`, `--secret-header` names, `Set-Cookie`), by shape (URL userinfo and
 * secret-looking query values such as `?api_key=`), and by value: every secret
 * seen either way is then scrubbed from all text, since servers echo credentials
 * back in other headers (`X-Echo`, `WWW-Authenticate`), redirects and error messages.
 */
export class RedactionPolicy {
  readonly #show: boolean;
  readonly #requestNames: ReadonlySet<string>;
  readonly #responseNames: ReadonlySet<string>;
  /** Longest first, so a whole value is replaced before its fragments. */
  #values: string[] = [];
  readonly #known = new Set<string>();

  constructor(options: { showSecrets: boolean; secretHeaders: readonly string[]; headers?: readonly Record<string, string>[] }) {
    this.#show = options.showSecrets;
    const extra = options.secretHeaders.map((name) => name.toLowerCase());
    this.#requestNames = new Set(this.#show ? [] : [...SECRET_HEADERS, ...extra]);
    // A header the user marks secret is hidden in responses too (servers echo API keys back).
    this.#responseNames = new Set(this.#show ? [] : [...SECRET_RESPONSE_HEADERS, ...extra]);
    for (const headers of options.headers ?? []) this.learnHeaders(headers);
  }

  /** Remembers the values of the secret headers among `headers` (a target's own headers, say) for scrubbing. */
  learnHeaders(headers: Record<string, string>): void {
    for (const [name, value] of Object.entries(headers)) if (this.#requestNames.has(name.toLowerCase())) this.#learn(value, true);
  }

  /** True with `--show-secrets`: nothing is hidden. */
  get showsSecrets(): boolean {
    return this.#show;
  }

  /**
   * Remembers a secret value: the whole value and its long fragments (the token after
   * `Bearer`, a cookie's value), since a server or an error may echo just a part; with
   * their JSON-escaped and percent-decoded forms. Short values are scrubbed only where
   * they were found (`whole`): a 3-character query value must not blank out every "abc".
   */
  #learn(value: string, whole: boolean): void {
    if (this.#show || value === '' || value === REDACTED) return;
    const pieces = [value, ...value.split(/[\s;,=:]+/).filter((part) => part.length >= MIN_FRAGMENT)];
    let added = false;
    for (const piece of pieces) {
      if (piece.length < (whole ? MIN_VALUE : MIN_FRAGMENT)) continue;
      for (const form of [piece, JSON.stringify(piece).slice(1, -1), decoded(piece)]) {
        // Part of the placeholder itself ("redacted"): scrubbing it would garble every redaction.
        if (form.length === 0 || REDACTED.includes(form) || this.#known.has(form)) continue;
        this.#known.add(form);
        added = true;
      }
    }
    if (added) this.#values = [...this.#known].sort((a, b) => b.length - a.length);
  }

  /** Hides secrets in any text: URL userinfo, secret query values, and every known secret value. */
  text(text: string): string {
    if (this.#show) return text;
    let out = text.includes('://') ? redactUserinfo(text, (secret) => this.#learn(secret, false)) : text;
    out = redactQueryValues(out, (secret) => this.#learn(secret, false));
    for (const secret of this.#values) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }

  /** A deep copy of `value` with every string (object keys included) passed through {@link text}. */
  deep<T>(value: T): T {
    if (this.#show) return value;
    const walk = (node: unknown): unknown => {
      if (typeof node === 'string') return this.text(node);
      if (Array.isArray(node)) return node.map(walk);
      if (node && typeof node === 'object') {
        // As Object.fromEntries builds it (a "__proto__" key stays a property), without a pair per key.
        const copy: Record<string, unknown> = {};
        for (const key of Object.keys(node)) {
          // The key first: text() learns secrets as it goes, and the value is then scrubbed of them.
          const name = this.text(key);
          const item = walk((node as Record<string, unknown>)[key]);
          if (name === '__proto__') Object.defineProperty(copy, name, { value: item, enumerable: true, writable: true, configurable: true });
          else copy[name] = item;
        }
        return copy;
      }
      return node;
    };
    return walk(value) as T;
  }

  /** Request headers with secret header values replaced (names kept, so a reader sees what was sent). */
  requestHeaders(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = Object.create(null) as Record<string, string>; // keeps a "__proto__" header
    for (const [name, value] of Object.entries(headers)) out[name] = this.#requestNames.has(name.toLowerCase()) ? REDACTED : value;
    return out;
  }

  /** Response header pairs with secret header values replaced. */
  responseHeaders(headers: readonly [string, string][]): [string, string][] {
    return headers.map(([name, value]) => [name, this.#responseNames.has(name.toLowerCase()) ? REDACTED : value]);
  }

  /**
   * An exchange as a recording may hold it: secret headers replaced by name (the
   * request, the response and every redirect hop), then every string scrubbed.
   * Secrets in the probe URL are learned first, so an echo of them anywhere is hidden.
   */
  exchange<E extends Exchange>(exchange: E): E {
    if (this.#show) return exchange;
    this.text(exchange.probe.url);
    return this.deep({
      ...exchange,
      probe: { ...exchange.probe, headers: this.requestHeaders(exchange.probe.headers) },
      ...(exchange.response ? { response: { ...exchange.response, headers: this.responseHeaders(exchange.response.headers) } } : {}),
      ...(exchange.hops ? { hops: exchange.hops.map((hop) => ({ ...hop, headers: this.responseHeaders(hop.headers) })) } : {}),
    });
  }
}
