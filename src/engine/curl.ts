/** Quotes a value for a POSIX shell. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** How the scan connected, so the curl line reaches the same server the same way. */
export interface CurlConnection {
  /** `--insecure` was given: curl needs `-k`. */
  insecure?: boolean;
  /** `--resolve` entries as `host:port:address`; curl takes the same syntax. */
  resolve?: readonly string[];
}

/** The `--resolve` entries that apply to a URL's host and port. */
function resolveFor(url: string, entries: readonly string[]): string[] {
  const { hostname, port, protocol } = new URL(url);
  const key = `${hostname.toLowerCase()}:${port || (protocol === 'https:' ? '443' : '80')}:`;
  return entries.filter((entry) => entry.toLowerCase().startsWith(key));
}

/** A curl command that sends the same request and prints the response headers. */
export function toCurl(request: { method: string; url: string; headers: Record<string, string> }, connection: CurlConnection = {}): string {
  const parts = ['curl', '-sS', '-o', '/dev/null', '-D', '-'];
  if (connection.insecure) parts.push('-k');
  for (const entry of resolveFor(request.url, connection.resolve ?? [])) parts.push('--resolve', shellQuote(entry));
  if (request.method === 'HEAD') parts.push('-I');
  else if (request.method !== 'GET') parts.push('-X', request.method);
  for (const [name, value] of Object.entries(request.headers)) parts.push('-H', shellQuote(`${name}: ${value}`));
  parts.push(shellQuote(request.url));
  return parts.join(' ');
}
