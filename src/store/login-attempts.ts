/**
 * Failed sign-ins per client address, counted in the database so that the limit holds across
 * replicas behind a load balancer (a per-process counter would multiply it by the replica count).
 * A window starts at the first failure and ends `windowMs` later; a success clears the address.
 */
import type { Db } from "./db.ts";
import type { Row } from "./rows.ts";

/** Failed sign-in counters. */
export class LoginAttemptRepository {
  constructor(private readonly db: Db) {}

  /** Failures of the address in its current window (0 when none or the window is over). */
  async failures(key: string, now: Date): Promise<number> {
    const res = await this.db.query<Row>("select failures from login_attempts where key = $1 and reset_at > $2", [key, now]);
    return res.rows[0] ? Number(res.rows[0].failures) : 0;
  }

  /** Counts one failure (starting a new window when the last one is over); returns the count. */
  async fail(key: string, now: Date, windowMs: number): Promise<number> {
    const res = await this.db.query<Row>(
      `insert into login_attempts (key, failures, reset_at) values ($1, 1, $2)
       on conflict (key) do update set
         failures = case when login_attempts.reset_at <= $3 then 1 else login_attempts.failures + 1 end,
         reset_at = case when login_attempts.reset_at <= $3 then excluded.reset_at else login_attempts.reset_at end
       returning failures`,
      [key, new Date(now.getTime() + windowMs), now],
    );
    return Number(res.rows[0]!.failures);
  }

  /** Forgets the address's failures (after a successful sign-in). */
  async clear(key: string): Promise<void> {
    await this.db.query("delete from login_attempts where key = $1", [key]);
  }

  /** Removes windows that are over; returns how many. */
  async purgeExpired(now: Date): Promise<number> {
    const res = await this.db.query("delete from login_attempts where reset_at <= $1", [now]);
    return res.rowCount;
  }
}
