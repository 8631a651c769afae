/** Quoting helpers shared by the framework snippets; policy values are tokens and origins, never quotes. */

/** `'a', 'b'` for JavaScript. */
export const jsList = (values: readonly string[]): string => `[${values.map((v) => `'${v}'`).join(', ')}]`;

/** `"a", "b"` for Python, Java, C#, Go and config files. */
export const quoted = (values: readonly string[]): string => values.map((v) => `"${v}"`).join(', ');

/** A regular expression matching exactly one of `values` (for Apache's SetEnvIf). */
export const exactAlternation = (values: readonly string[]): string =>
  `^(${values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;
