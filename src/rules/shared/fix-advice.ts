import { isSerializedOrigin, originOf } from '../../cors/origin.js';
import type { MessageData, RuleFix } from '../../model/rule.js';

/** Building blocks of the rules' `fix` hooks: the advice wording several rules share. */

export const code = (text: string): string => `\`${text}\``;

/** The cure of every look-alike grant: an exact allowlist. */
export const EXACT = 'compare the whole Origin with an exact list of serialized origins (string equality)';

/** Origin-trust rules: a look-alike or wrong origin was granted; name it and say why it must go. */
export function trustFix(data: MessageData, why: string): RuleFix {
  const bad = data['origin'] ? code(data['origin']) : 'untrusted origins';
  return { advice: `Stop granting ${bad}: ${why}`, answer: 'actual' };
}

/** Serialized origins named in a header value that was meant as an allowlist. */
export function originsIn(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((item) => (isSerializedOrigin(item) ? item : (originOf(item) ?? '')))
    .filter((item) => item !== '' && isSerializedOrigin(item));
}
