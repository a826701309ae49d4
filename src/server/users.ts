/**
 * The users service: creating users with a bcrypt password hash, checking a login, and issuing web
 * sessions and API tokens. A token is 32 random bytes shown once; only its SHA-256 is stored, so a
 * copy of the database lets nobody in. The CLI (`tollgate users`, `tollgate tokens`) and the web
 * login both go through here.
 */
import { createHash, randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import { InputError, PermissionError } from "../errors.ts";
import { USER_ROLES, type SessionRecord, type Store, type UserRecord, type UserRole } from "../store/index.ts";

/** Default bcrypt cost (2^12 rounds). */
export const DEFAULT_BCRYPT_ROUNDS = 12;

/** How long a web session lasts without use (it slides forward while used). */
export const SESSION_HOURS = 12;

/** The shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 10;

/** Options of the service. */
export interface UserServiceOptions {
  /** bcrypt cost; tests lower it to stay fast. */
  bcryptRounds?: number;
  clock?: () => Date;
  sessionHours?: number;
}

/** A signed-in user as the server's handlers see them. */
export interface AuthUser {
  id: string;
  name: string;
  displayName: string;
  role: UserRole;
  /** How the request was authenticated. */
  via: "session" | "token";
  /** The CSRF token bound to the session (empty for API tokens, which need none). */
  csrfToken: string;
}

/** SHA-256 hex of a token (the form stored in `sessions`). */
export function tokenDigest(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

function newToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

const NAME_RE = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** Checks and normalises a user name (lower-case letters, digits, `.`, `_`, `-`). */
export function normaliseUserName(raw: string): string {
  const name = raw.trim().toLowerCase();
  if (!NAME_RE.test(name)) throw new InputError(`User name "${raw}" must be 1-63 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit.`, "user_name_invalid");
  return name;
}

/** Checks a role name. */
export function parseRole(raw: string | undefined): UserRole {
  const role = (raw ?? "").trim().toLowerCase();
  if (!(USER_ROLES as readonly string[]).includes(role)) throw new InputError(`Role must be one of ${USER_ROLES.join(", ")}; got "${raw ?? ""}".`, "role_invalid");
  return role as UserRole;
}

/** Users, logins, sessions and tokens over the store. */
export class UserService {
  readonly #store: Pick<Store, "users" | "sessions" | "loginAttempts">;
  readonly #rounds: number;
  readonly #clock: () => Date;
  readonly #sessionMs: number;
  // Compared against when the user does not exist, so a wrong name costs as long as a wrong password.
  #dummyHash: string | undefined;

  constructor(store: Pick<Store, "users" | "sessions" | "loginAttempts">, options: UserServiceOptions = {}) {
    this.#store = store;
    this.#rounds = options.bcryptRounds ?? DEFAULT_BCRYPT_ROUNDS;
    this.#clock = options.clock ?? (() => new Date());
    this.#sessionMs = (options.sessionHours ?? SESSION_HOURS) * 3600_000;
  }

  /** True when the client address has used up its failed sign-ins for the current window. */
  async loginBlocked(key: string, limit: number): Promise<boolean> {
    return (await this.#store.loginAttempts.failures(key, this.#clock())) >= limit;
  }

  /** Counts a failed sign-in of the client address. */
  async loginFailed(key: string, windowMs: number): Promise<void> {
    await this.#store.loginAttempts.fail(key, this.#clock(), windowMs);
  }

  /** Clears the client address's failed sign-ins. */
  async loginSucceeded(key: string): Promise<void> {
    await this.#store.loginAttempts.clear(key);
  }

  /** Creates a user; the password is hashed here and never stored in clear. */
  async addUser(input: { name: string; role: string; password: string; displayName?: string; email?: string[]; slack?: string[]; identities?: string[] }): Promise<UserRecord> {
    const name = normaliseUserName(input.name);
    const role = parseRole(input.role);
    if (input.password.length < MIN_PASSWORD_LENGTH) throw new InputError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`, "password_too_short");
    const identities = [
      ...(input.email ?? []).map((e) => `email:${e}`),
      ...(input.slack ?? []).map((s) => `slack:${s}`),
      ...(input.identities ?? []),
    ];
    return this.#store.users.create({
      name,
      displayName: input.displayName?.trim() || name,
      role,
      passwordHash: await bcrypt.hash(input.password, this.#rounds),
      identities,
    });
  }

  /** Sets a new password (ends the user's web sessions). */
  async setPassword(name: string, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) throw new InputError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`, "password_too_short");
    await this.#store.users.setPasswordHash(normaliseUserName(name), await bcrypt.hash(password, this.#rounds));
  }

  /** The user when name and password match an enabled user, else null (never says which part was wrong). */
  async verifyPassword(name: string, password: string): Promise<UserRecord | null> {
    const found = NAME_RE.test(name.trim().toLowerCase()) ? await this.#store.users.passwordHash(name) : null;
    if (!found || !found.hash) {
      this.#dummyHash ??= await bcrypt.hash("not a password of anyone", this.#rounds);
      await bcrypt.compare(password, this.#dummyHash);
      return null;
    }
    const ok = await bcrypt.compare(password, found.hash);
    return ok && !found.user.disabled ? found.user : null;
  }

  /** Starts a web session; returns the cookie value (shown once) and its CSRF token. */
  async createSession(user: UserRecord): Promise<{ token: string; session: SessionRecord }> {
    if (user.disabled) throw new PermissionError(`User ${user.name} is disabled.`, "user_disabled");
    // Sign-ins are where sessions are made, so expired ones (and spent login windows) go here.
    await this.#store.sessions.purgeExpired(this.#clock());
    await this.#store.loginAttempts.purgeExpired(this.#clock());
    const token = newToken("s_");
    const session = await this.#store.sessions.create({
      tokenHash: tokenDigest(token),
      userId: user.id,
      kind: "session",
      csrfToken: randomBytes(24).toString("base64url"),
      expiresAt: new Date(this.#clock().getTime() + this.#sessionMs),
    });
    return { token, session };
  }

  /** Creates an API token for a user; the token is returned once and only its digest is kept. */
  async createApiToken(userName: string, label?: string): Promise<{ token: string; user: UserRecord }> {
    const user = await this.#store.users.findByName(normaliseUserName(userName));
    if (!user) throw new InputError(`No user named "${userName}".`, "user_not_found");
    if (user.disabled) throw new PermissionError(`User ${user.name} is disabled.`, "user_disabled");
    const token = newToken("tg_");
    await this.#store.sessions.create({ tokenHash: tokenDigest(token), userId: user.id, kind: "api", label: label ?? null, csrfToken: "", expiresAt: null });
    return { token, user };
  }

  /** The user a session cookie or API token stands for, or null when unknown, expired or disabled. */
  async authenticate(token: string, kind: "session" | "api"): Promise<AuthUser | null> {
    if (token === "" || token.length > 200) return null;
    const now = this.#clock();
    const found = await this.#store.sessions.findValid(tokenDigest(token), kind, now);
    if (!found) return null;
    const user = await this.#store.users.getById(found.userId);
    if (kind === "session") {
      // Slide the expiry forward, but write at most once per tenth of its length.
      const expires = found.session.expiresAt ? Date.parse(found.session.expiresAt) : 0;
      if (expires - now.getTime() < this.#sessionMs * 0.9) await this.#store.sessions.touch(found.session.tokenHash, new Date(now.getTime() + this.#sessionMs));
    }
    return {
      id: user.id,
      name: user.name,
      displayName: user.displayName,
      role: user.role,
      via: kind === "session" ? "session" : "token",
      csrfToken: found.session.csrfToken,
    };
  }

  /** Ends a session (logout). */
  async endSession(token: string): Promise<void> {
    await this.#store.sessions.delete(tokenDigest(token));
  }
}
