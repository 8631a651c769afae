/** A mistake in how corscan was called: one line on stderr, exit code 2. */
export class UsageError extends Error {
  readonly code = 'ERR_USAGE';
  override name = 'UsageError';
}

/** A replayed scan planned a probe the recording does not contain: exit code 2. */
export class ReplayMissError extends Error {
  readonly code = 'ERR_REPLAY_MISS';
  override name = 'ReplayMissError';
}
