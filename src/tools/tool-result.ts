/**
 * The one rule every tool wrapper follows for failures: an error the user can fix (a `TollgateError`
 * with `userFacing`) goes back to the model as text, so it can ask for a better input; anything else
 * is a system failure and propagates to the agent's middleware and the caller.
 */
import { describeError, isUserError } from "../errors.ts";

/**
 * Wraps a tool body so a user-fixable error becomes `"<failure>: <message> [<code>]"` for the model
 * and any other error is rethrown unchanged.
 */
export function userErrorsAsText<I, R>(failure: string, fn: (input: I, runtime: R) => Promise<string>): (input: I, runtime: R) => Promise<string> {
  return async (input, runtime) => {
    try {
      return await fn(input, runtime);
    } catch (err) {
      if (isUserError(err)) return `${failure}: ${describeError(err)}`;
      throw err;
    }
  };
}
