/**
 * One distinct call a page made to an endpoint, as a browser recorded it (a HAR):
 * what the CORS protocol cares about, never a header value, cookie or body.
 */
export interface FrontEndCall {
  /** The method as the page sent it (fetch() normalises the six standard ones). */
  method: string;
  /** CORS-unsafe request-header names, lower-case and sorted: the preflight's Access-Control-Request-Headers. */
  headers: string[];
  /** `include` when the request carried cookies or HTTP authentication. */
  credentials: 'omit' | 'include';
  /** Serialized origin of the page that made the call. */
  page: string;
}

/**
 * What a site's own front end really sends to one endpoint (from `--har`). It is
 * declared, not learned: the page origins are the endpoint's trusted origins, and
 * the calls are judged as the browser judged them.
 */
export interface FrontEndUsage {
  /** Where the usage was recorded (HAR file paths as given). */
  sources: string[];
  /** The endpoint as a URL template: id segments collapsed to `{id}`, query dropped unless kept. */
  endpoint: string;
  /** Requests of the HAR grouped into this endpoint. */
  requests: number;
  /** Origins of the pages that called it, sorted. */
  pageOrigins: string[];
  /** Methods the front end used, sorted. */
  methods: string[];
  /** CORS-unsafe request-header names it sent on any call, sorted. */
  headers: string[];
  /** True when any call carried credentials. */
  credentials: boolean;
  /**
   * False when the HAR holds no Cookie or Authorization at all, as Chrome's default
   * "Export HAR (sanitized)" writes it: credentials and Authorization are then unknown, not absent.
   */
  credentialsRecorded: boolean;
  /** Each distinct (method, headers, credentials, page), sorted. */
  calls: FrontEndCall[];
}

/** The CORS policy that allows exactly what a recorded front end uses, and nothing more. */
export interface UsagePolicy {
  origins: string[];
  /** GET, HEAD and POST (CORS-safelisted, allowed by every policy) and the other methods the front end uses. */
  methods: string[];
  headers: string[];
  credentials: boolean;
}

/** The tightened policy for one endpoint: its page origins, methods, header names, credentials mode. */
export function usagePolicy(usage: FrontEndUsage): UsagePolicy {
  const safelisted = ['GET', 'HEAD', 'POST'];
  const others = usage.methods.filter((method) => !safelisted.includes(method));
  return { origins: [...usage.pageOrigins], methods: [...safelisted, ...others], headers: [...usage.headers], credentials: usage.credentials };
}

/** The `corscan policy` command that prints that policy for every framework. */
export function usagePolicyCommand(usage: FrontEndUsage): string {
  const policy = usagePolicy(usage);
  return [
    'corscan policy',
    ...policy.origins.map((origin) => `--origin ${origin}`),
    `--methods ${policy.methods.join(',')}`,
    // An empty list is what the front end needs when it sends no unsafe header.
    `--headers ${policy.headers.length > 0 ? policy.headers.join(',') : "''"}`,
    ...(policy.credentials ? ['--credentials'] : []),
  ].join(' ');
}
