'use strict';
// Preloaded (node --require) into corscan processes started by the hostile lab and its tests.
// It keeps them on loopback and writes what they did to $CORSCAN_LAB_LOG:
//   connect <host>:<port>   every outgoing TCP connection
//   violation <what>        a lookup or connection that would have left loopback (refused)
//   rss <kilobytes>         peak resident set size, at exit
// Names under .invalid (RFC 6761 §6.4) fail locally with ENOTFOUND, exactly as getaddrinfo
// reports them, so the "name does not resolve" scenario never sends a DNS query.
const fs = require('node:fs');
const dns = require('node:dns');
const net = require('node:net');

const logFile = process.env.CORSCAN_LAB_LOG;
const log = (line) => {
  if (logFile) fs.appendFileSync(logFile, `${line}\n`);
};
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;

const originalLookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, options, callback) {
  const done = typeof options === 'function' ? options : callback;
  const name = String(hostname);
  if (name.toLowerCase() === 'localhost' || net.isIP(name)) return originalLookup.apply(this, arguments);
  if (!/\.invalid\.?$/i.test(name)) log(`violation lookup ${name}`);
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname: name });
  process.nextTick(done, error);
  return {};
};

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = args[0];
  const options = Array.isArray(first) ? first[0] : first;
  const host = typeof options === 'object' && options !== null ? options.host : typeof args[1] === 'string' ? args[1] : undefined;
  const port = typeof options === 'object' && options !== null ? options.port : options;
  const path = typeof options === 'object' && options !== null ? options.path : undefined;
  if (!path) {
    log(`connect ${host}:${port}`);
    if (host !== undefined && !LOOPBACK.test(host) && !/\.invalid\.?$/i.test(host)) {
      log(`violation connect ${host}:${port}`);
      throw new Error(`lab guard: connection to non-loopback host ${host} refused`);
    }
  }
  return originalConnect.apply(this, args);
};

process.on('exit', () => log(`rss ${process.resourceUsage().maxRSS}`));
