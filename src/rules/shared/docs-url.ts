import { readFileSync } from 'node:fs';
import { packageFile } from '../../package-files.js';

/**
 * Where a rule's documentation page lives: `docs/rules/<id>.md` in the repository that
 * package.json names, as an absolute URL, so links work wherever a report is read (a
 * SARIF alert on GitHub, a markdown comment, an HTML file mailed around); a relative
 * `README.md#…` only resolved next to a checkout.
 */

interface PackageJson {
  repository?: string | { url?: string };
}

/** `git+https://github.com/o/r.git` → `https://github.com/o/r`. */
export function repositoryWebUrl(repository: PackageJson['repository']): string {
  const url = typeof repository === 'string' ? repository : repository?.url;
  if (!url) throw new Error('package.json has no repository url: rule documentation links need one');
  return url.replace(/^git\+/, '').replace(/\.git$/, '').replace(/\/$/, '');
}

const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as PackageJson;
const BASE = `${repositoryWebUrl(pkg.repository)}/blob/main/docs/rules/`;

/** The absolute URL of a rule's documentation page. */
export function ruleDocsUrl(ruleId: string): string {
  return `${BASE}${ruleId}.md`;
}
