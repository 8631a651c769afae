/**
 * Whether to colour a stream. chalk 5 ignores NO_COLOR (chalk#547) and cli-table3
 * colours even when piped, so the decision is made here once and passed down.
 */
export function useColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  if (flag === false) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (flag === true) return true;
  return Boolean(isTTY) && env['TERM'] !== 'dumb';
}
