import type { FrameworkSnippet } from '../policy.js';
import { apache } from './apache.js';
import { aspnet } from './aspnet.js';
import { caddy } from './caddy.js';
import { django } from './django.js';
import { express } from './express.js';
import { fastify } from './fastify.js';
import { flask } from './flask.js';
import { go } from './go.js';
import { hono } from './hono.js';
import { koa } from './koa.js';
import { nginx } from './nginx.js';
import { spring } from './spring.js';

/** Every framework `corscan policy` can configure, in output order. */
export const FRAMEWORKS: readonly FrameworkSnippet[] = [express, fastify, koa, hono, nginx, apache, caddy, spring, django, aspnet, go, flask];

export { FRAMEWORK_NAMES } from './names.js';

export function findFramework(name: string): FrameworkSnippet | undefined {
  return FRAMEWORKS.find((framework) => framework.name === name);
}
