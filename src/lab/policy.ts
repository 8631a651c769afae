import type { ExpectedPolicy } from '../model/expected-policy.js';

/** A request as a lab policy sees it. */
export interface LabRequest {
  method: string;
  /** Path below the policy's own prefix, starting with `/`. */
  path: string;
  /** Lower-cased header names; duplicate lines joined with ", ". */
  headers: Record<string, string>;
}

/** What a lab policy answers. Headers are ordered pairs so a policy can send duplicates. */
export interface LabResponse {
  status: number;
  headers: [string, string][];
}

/** A named CORS behaviour, as real servers get it right or wrong. */
export interface LabPolicy {
  name: string;
  description: string;
  /** Rule ids a scan must report; empty for clean policies. */
  expected: string[];
  /** A clean policy must produce no finding at medium or above. */
  clean: boolean;
  /** `https` policies are served by the lab's TLS server (self-signed, scanned with --insecure). Default `http`. */
  scheme?: 'http' | 'https';
  /** Origins to pass as --trusted-origin when scanning it (the site's front ends). */
  trustedOrigins?: string[];
  /** The policy its team meant to deploy; scans pass it through a config file (policy-drift). */
  expect?: ExpectedPolicy;
  /** Path of the scanned URL below the policy's prefix; defaults to `/`. */
  targetPath?: string;
  handle(request: LabRequest): LabResponse;
}

/** Host names the lab pretends to be; scans map them to loopback with --resolve. */
export const LAB_HOST = 'api.victim.test';
export const LAB_FRONTEND = 'https://app.victim.test';
