/**
 * What the console needs from the server's users and sessions: who is signed in, signing in and
 * out, and the CSRF token of a session. The server implements it over its users and sessions
 * tables; the console never sees passwords or cookies beyond this interface.
 */
import type { Request, Response } from "express";
import type { Actor } from "../../agent/approval.ts";

/** Roles a console user can have. */
export type ConsoleRole = "broker" | "clerk" | "compliance" | "admin";

/** A signed-in user. */
export interface ConsoleUser {
  /** Login name; the actor identity is `web:<name>`. */
  name: string;
  displayName: string;
  role: ConsoleRole;
}

/** Sessions and credentials, as the server provides them. */
export interface ConsoleAuth {
  /** The user signed in on this request's session, or null. */
  user(req: Request): Promise<ConsoleUser | null>;
  /**
   * Checks a name and password; on success starts a session (setting its cookie on `res`) and
   * returns the user, otherwise null. Rate limiting of attempts belongs here.
   */
  login(req: Request, res: Response, name: string, password: string): Promise<ConsoleUser | null>;
  /** Ends the request's session and clears its cookie. */
  logout(req: Request, res: Response): Promise<void>;
  /** The CSRF token to put in the forms of this request's session (may set a pre-login cookie on `res`). */
  csrfToken(req: Request, res: Response): Promise<string>;
  /** True when `token` is the CSRF token of this request's session. */
  checkCsrf(req: Request, token: string | undefined): Promise<boolean>;
}

/** The approval-service actor of a console user. */
export function webActor(user: ConsoleUser): Actor {
  return { channel: "web", identity: user.name };
}

/** Only brokers approve or reject. */
export function canDecide(user: ConsoleUser): boolean {
  return user.role === "broker";
}

/** Compliance staff, brokers and admins search rulings and the schedule; clerks prepare entries. */
export function canSearch(user: ConsoleUser): boolean {
  return user.role !== "clerk";
}

/** A clerk sees only the threads they take part in (see server/visibility.ts); other roles see every thread. */
export { seesAllThreads } from "../visibility.ts";
