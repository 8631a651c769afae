import { createHash } from 'node:crypto';
import { UsageError } from '../../model/errors.js';

/** `--shard i/n`: this run takes share `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/n` with 1 <= i <= n. */
export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard "${value}" is not i/n with 1 <= i <= n (e.g. --shard 2/4)`);
  }
  return { index, count };
}

/**
 * Which shard a normalised URL belongs to: a hash, not the line number, so the
 * split does not depend on the order or the comments of the list, and every
 * machine of a matrix agrees without talking to the others.
 */
export function shardOf(url: string, count: number): number {
  return (createHash('sha256').update(url).digest().readUInt32BE(0) % count) + 1;
}

export function inShard(url: string, shard: Shard | undefined): boolean {
  return !shard || shardOf(url, shard.count) === shard.index;
}
