import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { UsageError } from '../../model/errors.js';

/** A parsed YAML or JSON file that can say on which line a node is. */
export interface SourceFile {
  path: string;
  root: unknown;
  /** 1-based line of a node, or 1 when unknown. */
  lineOf(node: unknown): number;
  /** A UsageError naming the file, the node's line and the key. */
  error(node: unknown, key: string, message: string): UsageError;
}

/**
 * Reads a YAML or JSON file (JSON is YAML 1.2, so one parser gives line numbers for
 * both). Syntax errors name the file and line.
 */
export async function readSourceFile(path: string, what: string): Promise<SourceFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${what} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    throw new UsageError(`${path}:${lineAt(first.pos[0])}: ${what} is not valid YAML/JSON: ${first.message.split('\n')[0]}`);
  }
  const lineOf = (node: unknown) => {
    const range = (node as Node | undefined)?.range;
    return range ? lineAt(range[0]) : 1;
  };
  return {
    path,
    root: doc.contents,
    lineOf,
    error: (node, key, message) => new UsageError(`${path}:${lineOf(node)}: ${key}: ${message}`),
  };
}

/** The pairs of a YAML map node, or an error when the node is not a map. */
export function mapPairs(source: SourceFile, node: unknown, key: string): Pair<unknown, unknown>[] {
  if (!isMap(node)) throw source.error(node, key, 'expected a mapping (key: value)');
  return node.items as Pair<unknown, unknown>[];
}

/** The key of a pair as a string. */
export function pairKey(pair: Pair<unknown, unknown>): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/** Reads a scalar string. */
export function asString(source: SourceFile, node: unknown, key: string): string {
  if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) throw source.error(node, key, 'expected a string');
  return String(node.value);
}

/** Reads a scalar boolean. */
export function asBoolean(source: SourceFile, node: unknown, key: string): boolean {
  if (!isScalar(node) || typeof node.value !== 'boolean') throw source.error(node, key, 'expected true or false');
  return node.value;
}

/** Reads a scalar number. */
export function asNumber(source: SourceFile, node: unknown, key: string): number {
  if (!isScalar(node) || typeof node.value !== 'number') throw source.error(node, key, 'expected a number');
  return node.value;
}

/** Reads a list of strings (a single string is a list of one). */
export function asStringList(source: SourceFile, node: unknown, key: string): string[] {
  if (isScalar(node)) return [asString(source, node, key)];
  if (!isSeq(node)) throw source.error(node, key, 'expected a list of strings');
  return node.items.map((item) => asString(source, item, key));
}

/** Items of a sequence node. */
export function asSeq(source: SourceFile, node: unknown, key: string): unknown[] {
  if (!isSeq(node)) throw source.error(node, key, 'expected a list');
  return node.items;
}
