/** A CORS policy as the builder validated it: what every framework snippet serialises. */
export interface CorsPolicy {
  /** Exact serialized origins, or exactly `['*']` for public, credential-less data. */
  origins: string[];
  /** Send `Access-Control-Allow-Credentials: true` to allowed origins. */
  credentials: boolean;
  /** Methods a preflight may ask for (`Access-Control-Allow-Methods`). */
  methods: string[];
  /** Request headers a preflight may ask for (`Access-Control-Allow-Headers`). */
  headers: string[];
  /** Response headers scripts may read (`Access-Control-Expose-Headers`). */
  expose: string[];
  /** Preflight cache lifetime in seconds (`Access-Control-Max-Age`), or null to omit it. */
  maxAge: number | null;
}

/** The response headers a CORS policy sets; proxies strip an upstream's copies of them so only one set reaches the browser. */
export const CORS_RESPONSE_HEADERS = [
  'Access-Control-Allow-Origin',
  'Access-Control-Allow-Credentials',
  'Access-Control-Allow-Methods',
  'Access-Control-Allow-Headers',
  'Access-Control-Expose-Headers',
  'Access-Control-Max-Age',
] as const;

/** True when the policy allows every origin with `*`. */
export const isPublic = (policy: CorsPolicy): boolean => policy.origins.length === 1 && policy.origins[0] === '*';

/** One framework's configuration, rendered from a policy. Pure. */
export interface FrameworkSnippet {
  /** `--framework` value. */
  name: string;
  /** Heading shown above the snippet. */
  label: string;
  /** Code-fence language of the snippet. */
  language: string;
  render(policy: CorsPolicy): string;
}
