/**
 * Origins anyone can get a page on, and origins of the visitor's own machine or
 * network. Fixed lists (deterministic probes); each entry says why an attacker
 * reaches it.
 */

/** The label used for an attacker-chosen site name on a hosting platform. */
export const PLATFORM_LABEL = 'corscan-probe';

export interface HostedOrigin {
  origin: string;
  /** The platform, as messages name it. */
  platform: string;
  /**
   * `subdomain`: anyone registers `<name>.<platform>` (all but glitch.me are in the
   * PSL's private section, so each name is its own site); `shared`: every user's code
   * runs on this one origin (online editors).
   */
  kind: 'subdomain' | 'shared';
}

/** Hosting platforms whose sites any attacker can create in minutes. */
export const PLATFORM_SUFFIXES = [
  'github.io',
  'gitlab.io',
  'herokuapp.com',
  'vercel.app',
  'netlify.app',
  'pages.dev',
  's3.amazonaws.com',
  'web.app',
  'firebaseapp.com',
  'glitch.me',
  'repl.co',
  'ngrok-free.app',
  'azurewebsites.net',
  'onrender.com',
  'workers.dev',
] as const;

/** Online editors that run every user's code on one shared origin. */
export const SHARED_EDITOR_ORIGINS = ['https://codepen.io', 'https://cdpn.io', 'https://jsfiddle.net', 'https://fiddle.jshell.net', 'https://jsbin.com'] as const;

export const THIRD_PARTY_ORIGINS: readonly HostedOrigin[] = [
  ...PLATFORM_SUFFIXES.map((suffix): HostedOrigin => ({ origin: `https://${PLATFORM_LABEL}.${suffix}`, platform: suffix, kind: 'subdomain' })),
  ...SHARED_EDITOR_ORIGINS.map((origin): HostedOrigin => ({ origin, platform: new URL(origin).hostname, kind: 'shared' })),
];

/**
 * The ports dev servers listen on by default, which development allowlists name:
 * Create React App / Next.js / Express (3000), Angular CLI (4200), Vite (5173),
 * Django / uvicorn (8000), webpack-dev-server / Spring / Tomcat (8080). An exact
 * entry `http://localhost:5173` grants no other port, so each is probed.
 */
export const DEV_SERVER_PORTS = ['3000', '4200', '5173', '8000', '8080'] as const;

/**
 * Loopback and private-network origins: a local dev server, local malware or a
 * router page on the visitor's machine or LAN. Plain http, as those servers are.
 */
export const LOCAL_ORIGINS: readonly string[] = [
  'http://localhost',
  ...DEV_SERVER_PORTS.map((port) => `http://localhost:${port}`),
  'https://localhost',
  'http://127.0.0.1',
  ...DEV_SERVER_PORTS.map((port) => `http://127.0.0.1:${port}`),
  'http://[::1]',
  'http://0.0.0.0',
  'http://192.168.0.1',
  'http://10.0.0.1',
];
