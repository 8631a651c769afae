import { readFileSync } from 'node:fs';
import { packageFile } from '../../package-files.js';

/** Name and version from package.json: never hard-coded. */
export const TOOL: { name: string; version: string } = (() => {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
})();

/** Default User-Agent: names the tool so server owners know what probed them. */
export const USER_AGENT = `${TOOL.name}/${TOOL.version} (+https://www.npmjs.com/package/${TOOL.name})`;
