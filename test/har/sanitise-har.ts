/**
 * Removes secrets from a recorded HAR before it is committed, the way a user should
 * before sharing one: cookie, Authorization, CSRF-token and Set-Cookie values, cookie
 * lists, `access_token` query values and every body. Each secret becomes a named
 * placeholder, so tests can put recognisable canaries back (see withCanaries).
 */

const PLACEHOLDER = 'corscan-har-secret';
const placeholder = (kind: string) => `${PLACEHOLDER}-${kind}`;

type Json = Record<string, unknown>;
type Header = { name: string; value: string };

const SECRET_PARAMS = ['access_token'];

function cookiePairs(value: string): string {
  return value
    .split(';')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]}=${placeholder('cookie')}`)
    .join('; ');
}

function sanitiseHeader(header: Header): Header {
  const name = header.name.toLowerCase();
  if (name === 'cookie') return { ...header, value: cookiePairs(header.value) };
  if (name === 'set-cookie') {
    const [pair, ...attributes] = header.value.split(';');
    return { ...header, value: [`${pair!.split('=')[0]}=${placeholder('cookie')}`, ...attributes].join(';') };
  }
  if (name === 'authorization') return { ...header, value: `${header.value.split(' ')[0]} ${placeholder('bearer')}` };
  if (name === 'x-csrf-token') return { ...header, value: placeholder('csrf') };
  if (name === 'referer' || name === 'location') return { ...header, value: sanitiseUrl(header.value) };
  return header;
}

function sanitiseUrl(value: string): string {
  try {
    const url = new URL(value);
    for (const param of SECRET_PARAMS) if (url.searchParams.has(param)) url.searchParams.set(param, placeholder('token'));
    return url.href;
  } catch {
    return value;
  }
}

function sanitiseMessage(message: Json): Json {
  const copy: Json = { ...message };
  if (Array.isArray(copy['headers'])) copy['headers'] = (copy['headers'] as Header[]).map(sanitiseHeader);
  if (Array.isArray(copy['cookies'])) copy['cookies'] = (copy['cookies'] as Json[]).map((cookie) => ({ ...cookie, value: placeholder('cookie') }));
  if (typeof copy['url'] === 'string') copy['url'] = sanitiseUrl(copy['url']);
  if (Array.isArray(copy['queryString'])) {
    copy['queryString'] = (copy['queryString'] as Header[]).map((param) => (SECRET_PARAMS.includes(param.name) ? { ...param, value: placeholder('token') } : param));
  }
  if (typeof copy['postData'] === 'object' && copy['postData'] !== null) copy['postData'] = { mimeType: (copy['postData'] as Json)['mimeType'], text: '' };
  if (typeof copy['content'] === 'object' && copy['content'] !== null) {
    const { text: _text, ...content } = copy['content'] as Json;
    copy['content'] = content;
  }
  if (typeof copy['redirectURL'] === 'string' && copy['redirectURL'] !== '') copy['redirectURL'] = sanitiseUrl(copy['redirectURL']);
  return copy;
}

/** A copy of the HAR without its secrets. */
export function sanitiseHar(har: Json): Json {
  const log = har['log'] as Json;
  const entries = (log['entries'] as Json[]).map((entry) => ({
    ...entry,
    request: sanitiseMessage(entry['request'] as Json),
    response: sanitiseMessage(entry['response'] as Json),
  }));
  const pages = Array.isArray(log['pages']) ? (log['pages'] as Json[]).map((page) => ({ ...page, title: typeof page['title'] === 'string' ? sanitiseUrl(page['title']) : page['title'] })) : log['pages'];
  return { ...har, log: { ...log, ...(pages ? { pages } : {}), entries } };
}

/** Puts a canary in place of each placeholder: `canary-<kind>-<suffix>`. */
export function withCanaries(text: string, suffix: string): string {
  return text.replace(new RegExp(`${PLACEHOLDER}-(\\w+)`, 'g'), (_whole, kind: string) => `canary-${kind}-${suffix}`);
}
