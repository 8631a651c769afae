import type { Page } from 'playwright-core';
import type { Combination } from './combinations.js';
import { candidateNames, urlOf, type Outcome } from './predict.js';
import type { Received } from './server.js';

interface PageRequest {
  id: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  credentials: 'omit' | 'include';
  repeat: boolean;
}

interface PageResult {
  id: string;
  /** One entry per fetch: the readable header names, or null when fetch rejected. */
  fetches: (string[] | null)[];
}

/**
 * Runs every request from inside the page in one batch: all rows at once (Chromium
 * queues them per host), the second request of a `repeat` row right after its first.
 * Runs in the browser, so it may only use what pages have.
 */
async function runInPage(requests: PageRequest[]): Promise<PageResult[]> {
  const once = async (request: PageRequest): Promise<string[] | null> => {
    try {
      // Default cache mode: `no-store`/`reload` would bypass the preflight cache the Max-Age rows observe.
      const init = { method: request.method, headers: request.headers, credentials: request.credentials, mode: 'cors' };
      const response = await fetch(request.url, init as RequestInit);
      await response.text();
      return [...response.headers.keys()];
    } catch {
      return null;
    }
  };
  return Promise.all(
    requests.map(async (request) => {
      const fetches = [await once(request)];
      if (request.repeat) fetches.push(await once(request));
      return { id: request.id, fetches };
    }),
  );
}

/** Makes every combination's request in `page` and reads back what Chromium did, as Outcomes. */
export async function observeAll(page: Page, combinations: readonly Combination[], received: Map<string, Received[]>): Promise<Map<string, Outcome>> {
  const requests: PageRequest[] = combinations.map((combination) => ({
    id: combination.id,
    url: urlOf(combination),
    method: combination.request?.method ?? 'GET',
    headers: combination.request?.headers ?? {},
    credentials: combination.request?.credentials ?? 'omit',
    repeat: Boolean(combination.repeat),
  }));
  const results = await page.evaluate(runInPage, requests);
  const outcomes = new Map<string, Outcome>();
  for (const combination of combinations) {
    const result = results.find((entry) => entry.id === combination.id)!;
    const log = received.get(combination.id) ?? [];
    const first = result.fetches[0] ?? null;
    const preflights = log.filter((entry) => entry.method === 'OPTIONS').length;
    const actuals = log.filter((entry) => entry.method !== 'OPTIONS');
    const sentPreflight = log[0]?.method === 'OPTIONS';
    const outcome: Outcome = {
      preflight: !sentPreflight ? 'none' : actuals.length > 0 ? 'passed' : 'failed',
      allowed: first !== null,
    };
    const final = log.find((entry) => entry.leg === 'final');
    if (combination.redirect && final) {
      outcome.finalOrigin = final.origin ?? '(none)';
      if (final.method === 'OPTIONS') outcome.redirectPreflight = actuals.some((entry) => entry.leg === 'final') ? 'passed' : 'failed';
    }
    if (first !== null) {
      const candidates = candidateNames(combination);
      outcome.readable = first.map((name) => name.toLowerCase()).filter((name) => candidates.includes(name)).sort();
      if (combination.repeat && outcome.preflight === 'passed') outcome.secondPreflight = preflights > 1;
    }
    outcomes.set(combination.id, outcome);
  }
  return outcomes;
}
