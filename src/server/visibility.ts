/**
 * Who sees which threads and drafts, for the JSON API and the console alike. Brokers see every
 * thread (they decide on any draft), compliance staff too (they review classifications, drafts and
 * the audit trail across the office, read-only: they never approve), and admins (they run the
 * service). A clerk sees the threads they take part in, as `web:<name>` or through an identity
 * linked to their user (a Slack user id, an e-mail address), and the drafts of those threads; any
 * other draft or thread is answered as not found, exactly like one that does not exist, so ids
 * cannot be probed.
 */
import { NotFoundError } from "../errors.ts";
import type { DraftRecord, Store } from "../store/index.ts";
import type { UserRole } from "../store/users.ts";

/** The signed-in user asking (a session or an API token). */
export interface Viewer {
  name: string;
  role: UserRole;
}

/** True for the roles that see every thread and draft. */
export function seesAllThreads(viewer: Pick<Viewer, "role">): boolean {
  return viewer.role !== "clerk";
}

/** Thread and draft visibility over the store. */
export class Visibility {
  constructor(private readonly store: Store) {}

  /** The identities a viewer takes part in threads as: their web name and their linked identities. */
  async identities(viewer: Viewer): Promise<string[]> {
    const user = await this.store.users.findByName(viewer.name);
    return [`web:${viewer.name}`, ...(user?.identities ?? [])];
  }

  /** Whether the viewer may see the thread (null: a draft made outside any thread, e.g. by the CLI). */
  async canSeeThread(viewer: Viewer, threadId: string | null): Promise<boolean> {
    if (seesAllThreads(viewer)) return true;
    if (threadId === null) return false;
    return this.store.threads.hasParticipant(threadId, await this.identities(viewer));
  }

  /** The thread ids the viewer may see, or "all". */
  async visibleThreads(viewer: Viewer): Promise<Set<string> | "all"> {
    if (seesAllThreads(viewer)) return "all";
    return this.store.threads.idsWithParticipant(await this.identities(viewer));
  }

  /** A draft (one version or the latest) the viewer may see; NotFoundError, as for a missing one, otherwise. */
  async draft(viewer: Viewer, id: string, version?: number): Promise<DraftRecord> {
    const d = await this.store.drafts.get(id, version);
    if (!(await this.canSeeThread(viewer, d.threadId))) throw new NotFoundError(`No draft with id ${id}.`, "draft_not_found");
    return d;
  }

  /** The latest version of each draft the viewer may see (optionally of one thread), newest first. */
  async drafts(viewer: Viewer, opts: { threadId?: string } = {}): Promise<DraftRecord[]> {
    const all = await this.store.drafts.list(opts);
    const visible = await this.visibleThreads(viewer);
    return visible === "all" ? all : all.filter((d) => d.threadId !== null && visible.has(d.threadId));
  }
}
