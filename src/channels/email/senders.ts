/**
 * Who may use the intake, and which mails are robots. The allow list holds addresses and `@domain`
 * entries; anything automated (auto-replies, bounces, list mail) is never answered, so two robots
 * cannot loop.
 */

/** The domain of an address, lower case ("" when it has none). */
export function domainOf(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0 ? "" : address.slice(at + 1).trim().toLowerCase();
}

/** True when the sender is on the allow list (exact address or `@domain`; subdomains do not match). */
export function isAllowedSender(allow: readonly string[], address: string): boolean {
  const a = address.trim().toLowerCase();
  if (a === "" || !a.includes("@")) return false;
  const domain = `@${domainOf(a)}`;
  return allow.some((entry) => entry === a || entry === domain);
}

/**
 * Why a mail is automated, or null for a person's mail. `returnPath` is the SMTP envelope sender
 * (MAIL FROM) when known, else the Return-Path header; an empty one (`<>`) marks a bounce.
 */
export function automatedReason(headers: ReadonlyMap<string, string>, returnPath: string | undefined): string | null {
  const auto = (headers.get("auto-submitted") ?? "").trim().toLowerCase();
  if (auto !== "" && auto !== "no") return `Auto-Submitted: ${auto}`;
  const precedence = (headers.get("precedence") ?? "").trim().toLowerCase();
  if (["bulk", "auto_reply", "junk", "list"].includes(precedence)) return `Precedence: ${precedence}`;
  if (headers.has("x-autoreply") || headers.has("x-autorespond")) return "X-Autoreply";
  if (headers.has("list-id") || headers.has("list-unsubscribe")) return "mailing list";
  const contentType = (headers.get("content-type") ?? "").toLowerCase();
  if (contentType.includes("multipart/report")) return "delivery report";
  if (returnPath !== undefined && returnPath.replace(/[<>\s]/g, "") === "") return "null return path";
  return null;
}
