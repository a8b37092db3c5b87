/** A problem with what the user asked for: reported as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Runs `fn`, turning any error it throws into a {@link UsageError} with the same message. */
export function asUsageError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** A command that ends with one line on stderr and its own exit code. */
export class ExitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** A run stopped by a signal after saving its state: one line on stderr, the signal's exit code (130, 143). */
export class InterruptedError extends ExitError {}
