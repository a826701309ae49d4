/**
 * Typed errors with stable codes. User and input errors (the person can fix them) are kept apart
 * from system errors (Tollgate or its environment failed), so channels and the agent can decide
 * what to show: an input error goes back to the user or the model as text, a system error propagates.
 */

/** Base class of every error Tollgate raises on purpose. `code` is stable and machine-readable. */
export class TollgateError extends Error {
  readonly code: string;
  /** True when the user or caller can fix the problem by changing their input. */
  readonly userFacing: boolean;

  constructor(message: string, code: string, cause?: unknown, userFacing = false) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.code = code;
    this.userFacing = userFacing;
  }
}

/** Bad input from a user or caller: a malformed code, a missing quantity, an unknown country. */
export class InputError extends TollgateError {
  constructor(message: string, code = "invalid_input", cause?: unknown) {
    super(message, code, cause, true);
  }
}

/** Something asked for does not exist: an HTS line, a draft, a ruling. */
export class NotFoundError extends TollgateError {
  constructor(message: string, code = "not_found", cause?: unknown) {
    super(message, code, cause, true);
  }
}

/** Configuration is missing or invalid; the message names the variable and the fix. */
export class ConfigError extends TollgateError {
  constructor(message: string, cause?: unknown) {
    super(message, "config_invalid", cause, true);
  }
}

/** A document could not be read: encrypted, corrupt, empty, too large. */
export class DocumentError extends TollgateError {
  constructor(message: string, code = "document_unreadable", cause?: unknown) {
    super(message, code, cause, true);
  }
}

/** An action is not permitted: approval by a non-broker, filing without approval, stale approval. */
export class PermissionError extends TollgateError {
  constructor(message: string, code = "not_permitted", cause?: unknown) {
    super(message, code, cause, true);
  }
}

/** Knowledge data (schedule, rulings, measures) is missing or malformed: a system error. */
export class DataError extends TollgateError {
  constructor(message: string, code = "data_invalid", cause?: unknown) {
    super(message, code, cause, false);
  }
}

/** True when the error is one the user can act on (and so may be shown to them as text). */
export function isUserError(err: unknown): err is TollgateError {
  return err instanceof TollgateError && err.userFacing;
}

/** A short, safe description of any thrown value. */
export function describeError(err: unknown): string {
  if (err instanceof TollgateError) return `${err.message} [${err.code}]`;
  if (err instanceof Error) return err.message;
  return String(err);
}
