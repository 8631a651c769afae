/**
 * Whether to colour a stream. chalk 5 ignores NO_COLOR (chalk#547) and cli-table3
 * colours even when piped, so the decision is made here once and passed down.
 * A flag beats the environment (`--color` wins over NO_COLOR); `scan` has already layered
 * NO_COLOR and FORCE_COLOR into `flag` (option-table.ts), other commands rely on the checks here.
 */
export function useColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return Boolean(isTTY) && env['TERM'] !== 'dumb';
}
