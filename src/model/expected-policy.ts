/**
 * The CORS policy a team means to deploy for one target (from a config file). Every
 * field is optional: only what is stated is compared with the deployed behaviour.
 */
export interface ExpectedPolicy {
  /** Serialized origins that must be granted; `*` means any origin may be granted. Others must be refused. */
  allowedOrigins?: string[];
  /** Whether granted origins get `Access-Control-Allow-Credentials: true`. */
  credentials?: boolean;
  /** Methods a preflight must allow (upper-case). */
  methods?: string[];
  /** Request headers a preflight must allow (compared case-insensitively). */
  headers?: string[];
  /** Response headers exposed with `Access-Control-Expose-Headers`. */
  exposedHeaders?: string[];
  /** Seconds a preflight may be cached (`Access-Control-Max-Age`). */
  maxAge?: number;
}
