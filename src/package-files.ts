import { existsSync } from 'node:fs';

let root: URL | undefined;

/**
 * A file shipped with the package (package.json, schema/), by its path from the package root.
 * The root is the first directory above this module that holds a package.json: the same code
 * runs from src/ (tests), from dist/<dir>/ (the library, tsc's output) and from the CLI bundle
 * (dist/bundle/), each at its own depth, so no fixed `../..` is right for all of them.
 */
export function packageFile(path: string): URL {
  if (!root) {
    let dir = new URL('./', import.meta.url);
    while (!existsSync(new URL('package.json', dir))) {
      const parent = new URL('../', dir);
      if (parent.href === dir.href) throw new Error(`corscan: no package.json above ${import.meta.url}`);
      dir = parent;
    }
    root = dir;
  }
  return new URL(path, root);
}
