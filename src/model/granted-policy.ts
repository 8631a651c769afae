/**
 * What the server really grants its trusted origins, read from its answers to them:
 * the methods, request headers and exposed headers it lists and whether it sends
 * credentials. A fix keeps all of it and changes only what a finding says is wrong,
 * so pasting the fix never breaks the working front end (a preflight that allowed
 * PUT and Authorization keeps allowing them).
 */
export interface GrantedPolicy {
  /** `Access-Control-Allow-Methods` items sent to trusted origins (upper-cased where Fetch normalises). */
  methods: string[];
  /** `Access-Control-Allow-Headers` items sent to trusted origins. */
  headers: string[];
  /** `Access-Control-Expose-Headers` items sent to trusted origins. */
  expose: string[];
  /** `Access-Control-Allow-Credentials: true` was sent to a trusted origin. */
  credentials: boolean;
  /** The server answers an unrelated origin with `*` and no credentials: a public API. */
  public: boolean;
}
