/**
 * Users, their linked channel identities, and their sessions and API tokens. Passwords arrive here
 * already hashed and tokens already digested (src/server/users.ts does both); this module only
 * stores and reads rows. A user with role `broker` is a broker for `web:<name>` and for every
 * identity linked to them, which the approval service asks through `brokerFor`.
 */
import { randomUUID } from "node:crypto";
import { InputError, NotFoundError } from "../errors.ts";
import type { Db } from "./db.ts";
import { iso, type Row } from "./rows.ts";

/** What a user may do. Only a broker approves or rejects filings. */
export type UserRole = "broker" | "clerk" | "compliance" | "admin";

/** The roles, in the order they are listed. */
export const USER_ROLES: readonly UserRole[] = ["broker", "clerk", "compliance", "admin"];

/** One user as stored (without the password hash). */
export interface UserRecord {
  id: string;
  name: string;
  displayName: string;
  role: UserRole;
  disabled: boolean;
  /** Linked identities on other channels, e.g. `slack:U024BE7LH`, `email:ana@broker.example`. */
  identities: string[];
  createdAt: string;
  updatedAt: string;
}

/** A session or API token row, found by the digest of its token. */
export interface SessionRecord {
  tokenHash: string;
  userId: string;
  kind: "session" | "api";
  label: string | null;
  csrfToken: string;
  expiresAt: string | null;
  createdAt: string;
}

/**
 * The canonical form of a linked identity: `channel:identity`, channel lower-case, e-mail addresses
 * lower-case (as TOLLGATE_BROKERS compares them). Throws InputError for anything else.
 */
export function normaliseIdentity(raw: string): string {
  const idx = raw.indexOf(":");
  const channel = idx > 0 ? raw.slice(0, idx).trim().toLowerCase() : "";
  const id = idx > 0 ? raw.slice(idx + 1).trim() : "";
  if (!["slack", "email", "cli"].includes(channel) || id === "") {
    throw new InputError(`Identity "${raw}" is not of the form slack:<user id>, email:<address> or cli:<user>.`, "identity_invalid");
  }
  if (channel === "email" && !/^[^@\s]+@[^@\s]+$/.test(id)) throw new InputError(`"${id}" is not an e-mail address.`, "identity_invalid");
  return `${channel}:${channel === "email" ? id.toLowerCase() : id}`;
}

function toUser(row: Row, identities: string[]): UserRecord {
  return {
    id: String(row.id),
    name: String(row.name),
    displayName: String(row.display_name),
    role: row.role as UserRole,
    disabled: Boolean(row.disabled),
    identities,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function toSession(row: Row): SessionRecord {
  return {
    tokenHash: String(row.token_hash),
    userId: String(row.user_id),
    kind: row.kind as SessionRecord["kind"],
    label: (row.label as string | null) ?? null,
    csrfToken: String(row.csrf_token),
    expiresAt: row.expires_at === null || row.expires_at === undefined ? null : iso(row.expires_at),
    createdAt: iso(row.created_at),
  };
}

/** Users and identities. */
export class UserRepository {
  constructor(private readonly db: Db) {}

  /** Creates a user with linked identities; InputError when the name or an identity is taken. */
  async create(u: { name: string; displayName: string; role: UserRole; passwordHash: string | null; identities: string[] }): Promise<UserRecord> {
    const identities = [...new Set(u.identities.map(normaliseIdentity))];
    const id = randomUUID();
    try {
      await this.db.transaction(async (tx) => {
        await tx.query("insert into users (id, name, display_name, role, password_hash) values ($1, $2, $3, $4, $5)", [
          id,
          u.name,
          u.displayName,
          u.role,
          u.passwordHash,
        ]);
        for (const identity of identities) await tx.query("insert into user_identities (identity, user_id) values ($1, $2)", [identity, id]);
      });
    } catch (err) {
      if ((err as { code?: string }).code === "23505") {
        throw new InputError(`A user named "${u.name}" or one of the identities ${identities.join(", ") || "(none)"} already exists.`, "user_exists", err);
      }
      throw err;
    }
    return this.getById(id);
  }

  async #identities(userIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (userIds.length === 0) return out;
    const res = await this.db.query<Row>("select user_id, identity from user_identities where user_id = any($1::text[]) order by identity", [userIds]);
    for (const r of res.rows) {
      const list = out.get(String(r.user_id)) ?? [];
      list.push(String(r.identity));
      out.set(String(r.user_id), list);
    }
    return out;
  }

  async #one(sql: string, param: string): Promise<UserRecord | null> {
    const res = await this.db.query<Row>(sql, [param]);
    const row = res.rows[0];
    if (!row) return null;
    return toUser(row, (await this.#identities([String(row.id)])).get(String(row.id)) ?? []);
  }

  /** The user with this id; NotFoundError when absent. */
  async getById(id: string): Promise<UserRecord> {
    const u = await this.#one("select * from users where id = $1", id);
    if (!u) throw new NotFoundError(`No user with id ${id}.`, "user_not_found");
    return u;
  }

  /** The user with this name, or null. */
  async findByName(name: string): Promise<UserRecord | null> {
    return this.#one("select * from users where name = $1", name.trim().toLowerCase());
  }

  /** The password hash of a user by name (null when the user or their password is absent). */
  async passwordHash(name: string): Promise<{ user: UserRecord; hash: string | null } | null> {
    const res = await this.db.query<Row>("select id, password_hash from users where name = $1", [name.trim().toLowerCase()]);
    const row = res.rows[0];
    if (!row) return null;
    return { user: await this.getById(String(row.id)), hash: (row.password_hash as string | null) ?? null };
  }

  /** Every user, by name. */
  async list(): Promise<UserRecord[]> {
    const res = await this.db.query<Row>("select * from users order by name");
    const ids = await this.#identities(res.rows.map((r) => String(r.id)));
    return res.rows.map((r) => toUser(r, ids.get(String(r.id)) ?? []));
  }

  /** Disables (or re-enables) a user; a disabled user cannot log in, use tokens or approve. */
  async setDisabled(name: string, disabled: boolean): Promise<UserRecord> {
    const res = await this.db.query<Row>("update users set disabled = $2, updated_at = now() where name = $1 returning id", [name.trim().toLowerCase(), disabled]);
    const row = res.rows[0];
    if (!row) throw new NotFoundError(`No user named "${name}".`, "user_not_found");
    if (disabled) await this.db.query("delete from sessions where user_id = $1", [String(row.id)]);
    return this.getById(String(row.id));
  }

  /** Replaces a user's password hash and ends their sessions (API tokens stay). */
  async setPasswordHash(name: string, hash: string): Promise<void> {
    const res = await this.db.query<Row>("update users set password_hash = $2, updated_at = now() where name = $1 returning id", [name.trim().toLowerCase(), hash]);
    const row = res.rows[0];
    if (!row) throw new NotFoundError(`No user named "${name}".`, "user_not_found");
    await this.db.query("delete from sessions where user_id = $1 and kind = 'session'", [String(row.id)]);
  }

  /**
   * The enabled broker user an actor stands for, or null: `web:<name>` is the user of that name,
   * any other `channel:identity` the user it is linked to. Only role `broker` counts.
   */
  async brokerFor(channel: string, identity: string): Promise<UserRecord | null> {
    const id = identity.trim();
    let u: UserRecord | null;
    if (channel === "web") u = await this.findByName(id);
    else {
      let key: string;
      try {
        key = normaliseIdentity(`${channel}:${id}`);
      } catch {
        return null;
      }
      u = await this.#one("select u.* from users u join user_identities i on i.user_id = u.id where i.identity = $1", key);
    }
    return u && u.role === "broker" && !u.disabled ? u : null;
  }
}

/** Sessions and API tokens (by token digest). */
export class SessionRepository {
  constructor(private readonly db: Db) {}

  async create(s: { tokenHash: string; userId: string; kind: SessionRecord["kind"]; label?: string | null; csrfToken: string; expiresAt: Date | null }): Promise<SessionRecord> {
    const res = await this.db.query<Row>(
      "insert into sessions (token_hash, user_id, kind, label, csrf_token, expires_at) values ($1, $2, $3, $4, $5, $6) returning *",
      [s.tokenHash, s.userId, s.kind, s.label ?? null, s.csrfToken, s.expiresAt],
    );
    return toSession(res.rows[0]!);
  }

  /** The unexpired session or token with this digest, of an enabled user, or null. */
  async findValid(tokenHash: string, kind: SessionRecord["kind"], now: Date): Promise<{ session: SessionRecord; userId: string } | null> {
    const res = await this.db.query<Row>(
      `select s.* from sessions s join users u on u.id = s.user_id
       where s.token_hash = $1 and s.kind = $2 and not u.disabled and (s.expires_at is null or s.expires_at > $3)`,
      [tokenHash, kind, now],
    );
    const row = res.rows[0];
    return row ? { session: toSession(row), userId: String(row.user_id) } : null;
  }

  /** Moves a session's expiry (sliding sessions) and notes its use. */
  async touch(tokenHash: string, expiresAt: Date | null): Promise<void> {
    await this.db.query("update sessions set last_used_at = now(), expires_at = coalesce($2, expires_at) where token_hash = $1", [tokenHash, expiresAt]);
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.query("delete from sessions where token_hash = $1", [tokenHash]);
  }

  /** A user's API tokens (never their values), newest first. */
  async listTokens(userId: string): Promise<SessionRecord[]> {
    const res = await this.db.query<Row>("select * from sessions where user_id = $1 and kind = 'api' order by created_at desc", [userId]);
    return res.rows.map(toSession);
  }

  /** Removes expired sessions; returns how many. */
  async purgeExpired(now: Date): Promise<number> {
    const res = await this.db.query("delete from sessions where expires_at is not null and expires_at <= $1", [now]);
    return res.rowCount;
  }
}
