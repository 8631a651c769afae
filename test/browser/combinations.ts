/**
 * The browser conformance table: one row per CORS header combination. The suite
 * serves each row from a loopback server, lets Chromium make the request from
 * another origin, and checks that the pure module in src/cors/ predicts exactly
 * what Chromium did. Add a row to add a case; `{origin}` stands for the page's origin.
 */

export type Headers = [string, string][];

export interface Combination {
  /** Unique, URL-safe. */
  id: string;
  /** What the row checks, for failure messages. */
  about: string;
  request?: {
    /** Default GET. */
    method?: string;
    /** Request headers set by script. */
    headers?: Record<string, string>;
    /** Default 'omit'. */
    credentials?: 'omit' | 'include';
  };
  /** Answer to the CORS preflight (OPTIONS), when one is sent. Default: 404 without CORS headers. */
  preflight?: { status?: number; headers: Headers };
  /** Answer to the actual request (the last hop when redirected). */
  response: { status?: number; headers: Headers };
  /**
   * The actual request is first answered with a redirect: to the same origin (`same`)
   * or to another origin (`cross`, after which Fetch sends `Origin: null`).
   */
  redirect?: { status?: number; to: 'same' | 'cross'; headers: Headers };
  /** Send the request a second time and observe whether a new preflight went out. */
  repeat?: boolean;
}

const O = '{origin}';
const ACAO = (value: string): [string, string] => ['Access-Control-Allow-Origin', value];
const ACAC = (value: string): [string, string] => ['Access-Control-Allow-Credentials', value];
const ACAM = (value: string): [string, string] => ['Access-Control-Allow-Methods', value];
const ACAH = (value: string): [string, string] => ['Access-Control-Allow-Headers', value];
const ACEH = (value: string): [string, string] => ['Access-Control-Expose-Headers', value];
const MAX_AGE = (value: string): [string, string] => ['Access-Control-Max-Age', value];
const include = { credentials: 'include' as const };

/** Response headers script may or may not read, used by the exposure rows. */
const EXTRA: Headers = [
  ['X-Request-Id', 'r1'],
  ['X-Rate-Limit', '10'],
  ['Cache-Control', 'no-store'],
  ['Content-Language', 'en'],
  ['Last-Modified', 'Mon, 23 Nov 2026 00:00:00 GMT'],
  ['Set-Cookie', 'sid=1; Path=/'],
];

// ---- Access-Control-Allow-Origin forms, actual (simple) requests -------------------------
const acaoForms: [string, string, Headers][] = [
  ['acao-exact', 'the exact origin', [ACAO(O)]],
  ['acao-upper-scheme-host', 'upper-case scheme and host', [ACAO('HTTP://PAGE.TEST')]],
  ['acao-upper-host', 'upper-case host only', [ACAO('http://Page.test')]],
  ['acao-trailing-slash', 'a trailing slash', [ACAO(`${O}/`)]],
  ['acao-default-port', 'the default port spelled out', [ACAO(`${O}:80`)]],
  ['acao-path', 'a path after the origin', [ACAO(`${O}/app`)]],
  ['acao-https', 'the https scheme for an http page', [ACAO('https://page.test')]],
  ['acao-list', 'a comma-separated list containing the origin', [ACAO(`${O}, http://other.test`)]],
  ['acao-list-no-space', 'a list without a space', [ACAO(`${O},http://other.test`)]],
  ['acao-two-lines', 'two header lines, the origin in the first', [ACAO(O), ACAO('http://other.test')]],
  ['acao-two-lines-same', 'the origin twice on two lines', [ACAO(O), ACAO(O)]],
  ['acao-null', 'null for a page with a real origin', [ACAO('null')]],
  ['acao-star', 'the wildcard', [ACAO('*')]],
  ['acao-star-twice', 'the wildcard on two lines', [ACAO('*'), ACAO('*')]],
  ['acao-star-and-origin', 'the wildcard and the origin on two lines', [ACAO('*'), ACAO(O)]],
  ['acao-empty', 'an empty value', [ACAO('')]],
  ['acao-absent', 'no ACAO at all', []],
  ['acao-leading-space', 'whitespace around the origin (HTTP strips it)', [ACAO(`  ${O}  `)]],
  ['acao-wildcard-pattern', 'a *.test pattern', [ACAO('http://*.test')]],
  ['acao-other-origin', 'a different origin', [ACAO('http://other.test')]],
  ['acao-suffix', 'the origin with a longer host', [ACAO('http://page.test.evil')]],
  ['acao-no-scheme', 'the host without a scheme', [ACAO('page.test')]],
];

const rows: Combination[] = [];
for (const [id, about, headers] of acaoForms) {
  rows.push({ id, about: `ACAO: ${about}`, response: { headers } });
  rows.push({ id: `${id}-cred`, about: `ACAO: ${about}, credentialed, ACAC true`, request: include, response: { headers: [...headers, ACAC('true')] } });
}

// ---- Access-Control-Allow-Credentials variants --------------------------------------------
const acacForms: [string, Headers][] = [
  ['true', [ACAC('true')]],
  ['True', [ACAC('True')]],
  ['TRUE', [ACAC('TRUE')]],
  ['1', [ACAC('1')]],
  ['yes', [ACAC('yes')]],
  ['false', [ACAC('false')]],
  ['empty', [ACAC('')]],
  ['absent', []],
  ['two-lines', [ACAC('true'), ACAC('true')]],
  ['padded', [ACAC(' true ')]],
];
for (const [name, headers] of acacForms) {
  rows.push({ id: `acac-${name}-cred`, about: `ACAC ${name}, credentialed`, request: include, response: { headers: [ACAO(O), ...headers] } });
  rows.push({ id: `acac-${name}-omit`, about: `ACAC ${name}, no credentials (ACAC is ignored)`, response: { headers: [ACAO(O), ...headers] } });
}

// ---- Preflights: methods --------------------------------------------------------------------
const put = { method: 'PUT' };
const putCred = { method: 'PUT', credentials: 'include' as const };
const ok = (headers: Headers) => ({ headers });
const granted = (credentials: boolean): Headers => [ACAO(O), ...(credentials ? [ACAC('true')] : [])];
rows.push(
  { id: 'pf-put-allowed', about: 'PUT listed in ACAM', request: put, preflight: ok([ACAO(O), ACAM('PUT')]), response: ok([ACAO(O)]) },
  { id: 'pf-put-lowercase', about: 'ACAM put (methods are case-sensitive)', request: put, preflight: ok([ACAO(O), ACAM('put')]), response: ok([ACAO(O)]) },
  { id: 'pf-put-absent', about: 'no ACAM for PUT', request: put, preflight: ok([ACAO(O)]), response: ok([ACAO(O)]) },
  { id: 'pf-put-star', about: 'ACAM * without credentials', request: put, preflight: ok([ACAO(O), ACAM('*')]), response: ok([ACAO(O)]) },
  { id: 'pf-put-star-cred', about: 'ACAM * with credentials (literal, not a wildcard)', request: putCred, preflight: ok([...granted(true), ACAM('*')]), response: ok(granted(true)) },
  { id: 'pf-put-list', about: 'PUT in a list', request: put, preflight: ok([ACAO(O), ACAM('GET, PUT, DELETE')]), response: ok([ACAO(O)]) },
  { id: 'pf-put-two-lines', about: 'ACAM on two lines', request: put, preflight: ok([ACAO(O), ACAM('GET'), ACAM('PUT')]), response: ok([ACAO(O)]) },
  { id: 'pf-delete-not-listed', about: 'DELETE not in the list', request: { method: 'DELETE' }, preflight: ok([ACAO(O), ACAM('GET, PUT')]), response: ok([ACAO(O)]) },
  { id: 'pf-patch-upper', about: 'PATCH (not normalised) listed as PATCH', request: { method: 'PATCH' }, preflight: ok([ACAO(O), ACAM('PATCH')]), response: ok([ACAO(O)]) },
  { id: 'pf-post-json', about: 'POST with Content-Type application/json needs ACAH', request: { method: 'POST', headers: { 'Content-Type': 'application/json' } }, preflight: ok([ACAO(O), ACAH('content-type')]), response: ok([ACAO(O)]) },
  { id: 'pf-post-json-no-acah', about: 'POST JSON without ACAH', request: { method: 'POST', headers: { 'Content-Type': 'application/json' } }, preflight: ok([ACAO(O)]), response: ok([ACAO(O)]) },
  { id: 'simple-post-form', about: 'POST form-urlencoded is simple (no preflight)', request: { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, response: ok([ACAO(O)]) },
  { id: 'simple-accept', about: 'a safelisted Accept header needs no preflight', request: { headers: { Accept: 'application/json' } }, response: ok([ACAO(O)]) },
);

// ---- Preflights: request headers --------------------------------------------------------
const xh = (credentials: boolean) => ({ headers: { 'X-Custom': '1' }, ...(credentials ? include : {}) });
const auth = (credentials: boolean) => ({ headers: { Authorization: 'Bearer t' }, ...(credentials ? include : {}) });
rows.push(
  { id: 'pf-xh-listed', about: 'X-Custom listed in ACAH', request: xh(false), preflight: ok([ACAO(O), ACAH('x-custom')]), response: ok([ACAO(O)]) },
  { id: 'pf-xh-listed-case', about: 'ACAH names are case-insensitive', request: xh(false), preflight: ok([ACAO(O), ACAH('X-CUSTOM')]), response: ok([ACAO(O)]) },
  { id: 'pf-xh-absent', about: 'no ACAH for X-Custom', request: xh(false), preflight: ok([ACAO(O)]), response: ok([ACAO(O)]) },
  { id: 'pf-xh-other', about: 'ACAH lists another header', request: xh(false), preflight: ok([ACAO(O), ACAH('x-other')]), response: ok([ACAO(O)]) },
  { id: 'pf-xh-star', about: 'ACAH * without credentials', request: xh(false), preflight: ok([ACAO(O), ACAH('*')]), response: ok([ACAO(O)]) },
  { id: 'pf-xh-star-cred', about: 'ACAH * with credentials (literal)', request: xh(true), preflight: ok([...granted(true), ACAH('*')]), response: ok(granted(true)) },
  { id: 'pf-xh-listed-cred', about: 'X-Custom listed, credentials', request: xh(true), preflight: ok([...granted(true), ACAH('X-Custom')]), response: ok(granted(true)) },
  { id: 'pf-xh-two-lines', about: 'ACAH on two lines', request: { headers: { 'X-Custom': '1', 'X-Other': '2' } }, preflight: ok([ACAO(O), ACAH('x-custom'), ACAH('x-other')]), response: ok([ACAO(O)]) },
  { id: 'pf-xh-one-of-two', about: 'only one of two headers listed', request: { headers: { 'X-Custom': '1', 'X-Other': '2' } }, preflight: ok([ACAO(O), ACAH('x-custom')]), response: ok([ACAO(O)]) },
  { id: 'pf-auth-star', about: 'Authorization is not covered by ACAH *', request: auth(false), preflight: ok([ACAO(O), ACAH('*')]), response: ok([ACAO(O)]) },
  { id: 'pf-auth-star-and-name', about: 'ACAH *, Authorization', request: auth(false), preflight: ok([ACAO(O), ACAH('*, Authorization')]), response: ok([ACAO(O)]) },
  { id: 'pf-auth-listed', about: 'Authorization listed', request: auth(false), preflight: ok([ACAO(O), ACAH('authorization')]), response: ok([ACAO(O)]) },
  { id: 'pf-auth-listed-cred', about: 'Authorization listed, credentials', request: auth(true), preflight: ok([...granted(true), ACAH('Authorization')]), response: ok(granted(true)) },
  { id: 'pf-auth-star-cred', about: 'ACAH * with credentials and Authorization', request: auth(true), preflight: ok([...granted(true), ACAH('*')]), response: ok(granted(true)) },
);

// ---- Preflights: the preflight's own CORS check and status ------------------------------------
rows.push(
  { id: 'pf-no-acao', about: 'preflight without ACAO', request: xh(false), preflight: ok([ACAH('x-custom')]), response: ok([ACAO(O)]) },
  { id: 'pf-acao-star', about: 'preflight ACAO * without credentials', request: xh(false), preflight: ok([ACAO('*'), ACAH('x-custom')]), response: ok([ACAO('*')]) },
  { id: 'pf-acao-star-cred', about: 'preflight ACAO * with credentials', request: xh(true), preflight: ok([ACAO('*'), ACAC('true'), ACAH('x-custom')]), response: ok(granted(true)) },
  { id: 'pf-no-acac-cred', about: 'credentialed preflight without ACAC', request: xh(true), preflight: ok([ACAO(O), ACAH('x-custom')]), response: ok(granted(true)) },
  { id: 'pf-acac-True-cred', about: 'credentialed preflight with ACAC True', request: xh(true), preflight: ok([ACAO(O), ACAC('True'), ACAH('x-custom')]), response: ok(granted(true)) },
  { id: 'pf-actual-blocked', about: 'preflight passes, actual response lacks ACAO', request: xh(false), preflight: ok([ACAO(O), ACAH('x-custom')]), response: ok([]) },
);
for (const status of [200, 204, 299, 301, 400, 403, 404, 500]) {
  rows.push({
    id: `pf-status-${status}`,
    about: `preflight answered ${status} with every CORS header`,
    request: xh(false),
    preflight: { status, headers: [ACAO(O), ACAH('x-custom'), ...(status === 301 ? ([['Location', '/elsewhere']] as Headers) : [])] },
    response: ok([ACAO(O)]),
  });
}
for (const status of [201, 404, 500]) {
  rows.push({ id: `actual-status-${status}`, about: `actual response ${status} is readable`, response: { status, headers: [ACAO(O)] } });
}

// ---- Max-Age: is the preflight reused for an identical second request? ---------------------
for (const [name, value] of [['absent', null], ['0', '0'], ['600', '600'], ['negative', '-1'], ['garbage', 'abc'], ['decimal', '1.5'], ['two-lines', '600,600'], ['huge', '999999999'], ['plus', '+600'], ['minus-zero', '-0'], ['minus-big', '-600'], ['leading-zero', '0600'], ['empty', '']] as const) {
  rows.push({
    id: `maxage-${name}`,
    about: `preflight Max-Age ${value ?? 'absent'}: is it cached?`,
    request: xh(false),
    preflight: ok([ACAO(O), ACAH('x-custom'), ...(value === null ? [] : [MAX_AGE(value)])]),
    response: ok([ACAO(O)]),
    repeat: true,
  });
}

// ---- Exposed response headers -----------------------------------------------------------------
const exposure: [string, string | null, boolean][] = [
  ['none', null, false],
  ['none-cred', null, true],
  ['one', 'X-Request-Id', false],
  ['one-case', 'x-request-id', false],
  ['two', 'X-Request-Id, X-Rate-Limit', false],
  ['star', '*', false],
  ['star-cred', '*', true],
  ['star-and-name-cred', '*, X-Rate-Limit', true],
  ['one-cred', 'X-Request-Id', true],
  ['set-cookie', 'Set-Cookie, X-Request-Id', false],
];
for (const [name, value, credentials] of exposure) {
  const headers: Headers = [...granted(credentials), ...EXTRA, ...(value === null ? [] : [ACEH(value)])];
  rows.push({ id: `expose-${name}`, about: `ACEH ${value ?? 'absent'}${credentials ? ', credentialed' : ''}`, request: credentials ? include : {}, response: { headers } });
}

// ---- Redirects: the redirect itself must pass the CORS check; a cross-origin hop taints Origin ----
rows.push(
  { id: 'redir-same-cors', about: 'same-origin redirect with CORS on the hop', redirect: { to: 'same', headers: [ACAO(O)] }, response: ok([ACAO(O)]) },
  { id: 'redir-same-no-cors', about: 'same-origin redirect without CORS on the hop', redirect: { to: 'same', headers: [] }, response: ok([ACAO(O)]) },
  { id: 'redir-same-star', about: 'same-origin redirect with ACAO * on the hop', redirect: { to: 'same', headers: [ACAO('*')] }, response: ok([ACAO(O)]) },
  { id: 'redir-cross-origin-final', about: 'cross-origin hop, final answers the page origin (but Origin is now null)', redirect: { to: 'cross', headers: [ACAO(O)] }, response: ok([ACAO(O)]) },
  { id: 'redir-cross-null-final', about: 'cross-origin hop, final answers null', redirect: { to: 'cross', headers: [ACAO(O)] }, response: ok([ACAO('null')]) },
  { id: 'redir-cross-star-final', about: 'cross-origin hop, final answers *', redirect: { to: 'cross', headers: [ACAO(O)] }, response: ok([ACAO('*')]) },
  { id: 'redir-cross-no-cors-hop', about: 'cross-origin hop without CORS', redirect: { to: 'cross', headers: [] }, response: ok([ACAO('null')]) },
  { id: 'redir-cross-null-cred', about: 'credentialed, cross-origin hop, final null + ACAC', request: include, redirect: { to: 'cross', headers: granted(true) }, response: ok([ACAO('null'), ACAC('true')]) },
  { id: 'redir-cross-hop-no-acac-cred', about: 'credentialed, hop lacks ACAC', request: include, redirect: { to: 'cross', headers: [ACAO(O)] }, response: ok([ACAO('null'), ACAC('true')]) },
  { id: 'redir-same-cred', about: 'credentialed same-origin redirect, hop grants with ACAC', request: include, redirect: { to: 'same', headers: granted(true) }, response: ok(granted(true)) },
  { id: 'redir-same-hop-star-cred', about: 'credentialed same-origin redirect, hop answers *', request: include, redirect: { to: 'same', headers: [ACAO('*'), ACAC('true')] }, response: ok(granted(true)) },
  { id: 'redir-cross-star-hop-star-final', about: 'cross-origin hop with *, final *', redirect: { to: 'cross', headers: [ACAO('*')] }, response: ok([ACAO('*')]) },
  { id: 'redir-303-same', about: '303 same-origin redirect with CORS', redirect: { status: 303, to: 'same', headers: [ACAO(O)] }, response: ok([ACAO(O)]) },
  { id: 'redir-308-cross', about: '308 cross-origin redirect, final null', redirect: { status: 308, to: 'cross', headers: [ACAO(O)] }, response: ok([ACAO('null')]) },
  { id: 'redir-pf-307-same', about: 'preflighted PUT, actual redirected 307 same-origin', request: { method: 'PUT', headers: { 'X-Custom': '1' } }, preflight: ok([ACAO(O), ACAM('PUT'), ACAH('x-custom')]), redirect: { status: 307, to: 'same', headers: [ACAO(O)] }, response: ok([ACAO(O)]) },
  { id: 'redir-pf-307-cross', about: 'preflighted PUT, actual redirected 307 cross-origin', request: { method: 'PUT', headers: { 'X-Custom': '1' } }, preflight: ok([ACAO('*'), ACAM('PUT'), ACAH('x-custom')]), redirect: { status: 307, to: 'cross', headers: [ACAO(O)] }, response: ok([ACAO('*')]) },
  { id: 'redir-pf-307-cross-fails', about: 'preflighted PUT, cross-origin 307: the new preflight carries Origin: null and is refused', request: { method: 'PUT', headers: { 'X-Custom': '1' } }, preflight: ok([ACAO(O), ACAM('PUT'), ACAH('x-custom')]), redirect: { status: 307, to: 'cross', headers: [ACAO(O)] }, response: ok([ACAO('*')]) },
  { id: 'redir-pf-303-custom', about: 'preflighted PUT with X-Custom, 303 turns it into GET that still needs a preflight', request: { method: 'PUT', headers: { 'X-Custom': '1' } }, preflight: ok([ACAO(O), ACAM('PUT'), ACAH('x-custom')]), redirect: { status: 303, to: 'same', headers: [ACAO(O)] }, response: ok([ACAO(O)]) },
  { id: 'redir-pf-303-plain', about: 'preflighted PUT, 303 turns it into a simple GET (no second preflight)', request: { method: 'PUT' }, preflight: ok([ACAO(O), ACAM('PUT')]), redirect: { status: 303, to: 'same', headers: [ACAO(O)] }, response: ok([ACAO(O)]) },
  { id: 'redir-pf-301-post-json', about: 'preflighted JSON POST, 301 turns it into a GET without body headers (no second preflight)', request: { method: 'POST', headers: { 'Content-Type': 'application/json' } }, preflight: ok([ACAO(O), ACAH('content-type')]), redirect: { status: 301, to: 'same', headers: [ACAO(O)] }, response: ok([ACAO(O)]) },
  { id: 'redir-pf-307-post-json', about: 'preflighted JSON POST, 307 keeps method and body: a second preflight', request: { method: 'POST', headers: { 'Content-Type': 'application/json' } }, preflight: ok([ACAO(O), ACAH('content-type')]), redirect: { status: 307, to: 'same', headers: [ACAO(O)] }, response: ok([ACAO(O)]) },
  { id: 'redir-307-same', about: '307 same-origin redirect with CORS', redirect: { status: 307, to: 'same', headers: [ACAO(O)] }, response: ok([ACAO(O)]) },
);

export const COMBINATIONS: readonly Combination[] = rows;
