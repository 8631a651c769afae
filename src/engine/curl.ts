/** Quotes a value for a POSIX shell. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A curl command that sends the same request and prints the response headers. */
export function toCurl(request: { method: string; url: string; headers: Record<string, string> }): string {
  const parts = ['curl', '-sS', '-o', '/dev/null', '-D', '-'];
  if (request.method === 'HEAD') parts.push('-I');
  else if (request.method !== 'GET') parts.push('-X', request.method);
  for (const [name, value] of Object.entries(request.headers)) parts.push('-H', shellQuote(`${name}: ${value}`));
  parts.push(shellQuote(request.url));
  return parts.join(' ');
}
