import dns from 'node:dns';
import net from 'node:net';

// Tests never touch the internet: any connection to a non-loopback address fails the test loudly,
// and a name lookup never leaves the machine (the CLI runs in-process in most tests).
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/;
// Test files share a worker's modules (vitest isolate: false), so this file runs once per file:
// install the guards once.
const INSTALLED = Symbol.for('corscan.loopback-only');
const guarded = globalThis as { [INSTALLED]?: true };
if (!guarded[INSTALLED]) {
  guarded[INSTALLED] = true;
  installGuards();
}

function installGuards(): void {
  const originalConnect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const first = args[0] as { host?: string; path?: string } | number | string;
    const host = typeof first === 'object' && first !== null ? first.host : typeof args[1] === 'string' ? args[1] : undefined;
    const path = typeof first === 'object' && first !== null ? first.path : undefined;
    if (!path && host !== undefined && !LOOPBACK.test(host)) {
      throw new Error(`test tried to connect to non-loopback host ${host}`);
    }
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;

  // Names other than localhost fail locally with ENOTFOUND, exactly as getaddrinfo reports an unknown
  // name (scripts/lab-guard.cjs does the same for spawned CLI processes); --resolve maps test hosts.
  const originalLookup = dns.lookup;
  dns.lookup = function guardedLookup(this: unknown, hostname: string, ...rest: unknown[]) {
    if (hostname.toLowerCase() === 'localhost' || net.isIP(hostname)) {
      return (originalLookup as (...a: unknown[]) => unknown).apply(this, [hostname, ...rest]);
    }
    const done = rest[rest.length - 1] as (error: Error) => void;
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname });
    process.nextTick(done, error);
    return undefined;
  } as typeof dns.lookup;
}
