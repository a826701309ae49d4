/**
 * Starts Debian's dovecot (dovecot-imapd) as a throw-away IMAP server for a test: its own config,
 * state and maildir in a temporary directory, one user, plain-text login on 127.0.0.1 and a free
 * port. Tests skip when dovecot is not installed (`.ci/run` installs it).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";

export const DOVECOT = "/usr/sbin/dovecot";

/** True when the dovecot binary is installed. */
export function hasDovecot(): boolean {
  return existsSync(DOVECOT);
}

/** A running dovecot. */
export interface Dovecot {
  port: number;
  user: string;
  pass: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const start = Date.now();
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(port, "127.0.0.1");
      c.once("data", () => {
        c.destroy();
        resolve(true);
      });
      c.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() - start > timeoutMs) throw new Error(`dovecot did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts dovecot; as root it runs logins and mail access as the package's own users. */
export async function startDovecot(): Promise<Dovecot> {
  const dir = mkdtempSync(path.join(tmpdir(), "tollgate-dovecot-"));
  for (const d of ["run", "state", "mail"]) mkdirSync(path.join(dir, d));
  chmodSync(dir, 0o755);
  const me = userInfo();
  const root = me.uid === 0;
  const internal = root ? "dovecot" : me.username;
  const login = root ? "dovenull" : me.username;
  if (root) chownSync(path.join(dir, "mail"), uidOf("dovecot"), gidOf("dovecot"));
  const port = await freePort();
  const user = "intake";
  const pass = "intake-secret";
  writeFileSync(path.join(dir, "users"), `${user}:{PLAIN}${pass}\n`);
  writeFileSync(
    path.join(dir, "dovecot.conf"),
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${internal}
default_internal_group = ${internal}
default_login_user = ${login}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/users
}
userdb {
  driver = static
  args = uid=${internal} gid=${internal} home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  const child: ChildProcess = spawn(DOVECOT, ["-c", path.join(dir, "dovecot.conf"), "-F"], { stdio: "ignore" });
  await waitForPort(port, 15_000);
  return {
    port,
    user,
    pass,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function idField(name: string, field: 2 | 3): number {
  const line = readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`user ${name} not found (is dovecot-imapd installed?)`);
  return Number(line.split(":")[field]);
}
function uidOf(name: string): number {
  return idField(name, 2);
}
function gidOf(name: string): number {
  return idField(name, 3);
}
