/**
 * Whether e-mail is configured at all, decided from the configuration alone so the server can skip
 * importing the e-mail channel (and its SMTP, IMAP and MIME libraries) when it is not.
 */
import type { Config } from "../../config.ts";

/** True when an SMTP intake port, an IMAP mailbox or an outbound relay is configured. */
export function emailConfigured(config: Pick<Config, "email">): boolean {
  const e = config.email;
  return Boolean(e.intake || e.imapUrl || e.smtpUrl);
}
