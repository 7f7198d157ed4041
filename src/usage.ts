/** A mistake in how the command was called (exit 2): printed as `error: message`, no position. */
export class UsageError extends Error {}
