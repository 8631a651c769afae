/**
 * Names of the frameworks `corscan policy` configures, in output order. A plain list so
 * that the CLI's option choices do not load every snippet module (a test keeps it equal
 * to FRAMEWORKS).
 */
export const FRAMEWORK_NAMES = ['express', 'fastify', 'koa', 'hono', 'nginx', 'apache', 'caddy', 'spring', 'django', 'aspnet', 'go', 'flask'] as const;
