/**
 * Whether a mail really comes from the address in its From header, before a decision in it may
 * count. `strict`: DKIM/SPF/DMARC verified with mailauth, and the passing result must align with the
 * broker's own domain (DMARC pass for that From domain, or a valid DKIM signature by that domain).
 * `trusted-relay`: the mail reached the SMTP listener directly from a configured relay address,
 * which has authenticated it. The From header alone never counts.
 */
import { authenticate, type DNSResolver } from "mailauth";
import { domainOf } from "./senders.ts";

/** How the mail reached us. */
export interface Arrival {
  via: "smtp" | "imap";
  /** SMTP client address (SMTP intake only). */
  remoteAddress?: string;
  /** EHLO name (SMTP intake only). */
  helo?: string;
  /** MAIL FROM (SMTP intake only; "" for a null return path). */
  mailFrom?: string;
}

/** The verdict for one mail. */
export interface SenderVerdict {
  ok: boolean;
  /** Why it passed or failed, for the audit trail. */
  reason: string;
}

/** What the check needs. */
export interface SenderAuthOptions {
  mode: "strict" | "trusted-relay";
  relayAddresses: readonly string[];
  /** DNS lookups (tests give a local table; production uses the system resolver). */
  resolver?: DNSResolver;
  /** Name of this host in Authentication-Results. */
  mta?: string;
}

function normaliseIp(ip: string | undefined): string {
  return (ip ?? "").replace(/^::ffff:/, "").toLowerCase();
}

/** Checks that `raw` is authentically from `from`. */
export async function verifySender(raw: Uint8Array, from: string, arrival: Arrival, opts: SenderAuthOptions): Promise<SenderVerdict> {
  const domain = domainOf(from);
  if (domain === "") return { ok: false, reason: "the mail has no sender address" };
  if (opts.mode === "trusted-relay") {
    const ip = normaliseIp(arrival.remoteAddress);
    if (arrival.via === "smtp" && ip !== "" && opts.relayAddresses.includes(ip)) return { ok: true, reason: `arrived through the trusted relay ${ip}` };
    return { ok: false, reason: arrival.via === "smtp" ? `arrived from ${ip || "an unknown address"}, not through the trusted relay` : "arrived by IMAP, not through the trusted relay's SMTP hand-off" };
  }
  const result = await authenticate(Buffer.from(raw), {
    ip: arrival.remoteAddress ? normaliseIp(arrival.remoteAddress) : undefined,
    helo: arrival.helo,
    sender: arrival.mailFrom,
    mta: opts.mta ?? "tollgate",
    resolver: opts.resolver,
    disableArc: true,
    disableBimi: true,
  });
  const dmarc = result.dmarc;
  if (dmarc && dmarc.status.result === "pass" && domainOf(`x@${String(dmarc.status.header?.from ?? dmarc.domain)}`) === domain) {
    return { ok: true, reason: `DMARC pass for ${domain}` };
  }
  const aligned = result.dkim.results.find((r) => r.status.result === "pass" && r.signingDomain.toLowerCase() === domain);
  if (aligned) return { ok: true, reason: `DKIM pass signed by ${domain}` };
  const signatures = result.dkim.results.filter((r) => r.signingDomain && r.status.result !== "none");
  const dkimSeen = signatures.map((r) => `${r.signingDomain}=${r.status.result}`).join(", ") || "no signature";
  const dmarcSeen = dmarc ? dmarc.status.result : "none";
  return { ok: false, reason: `sender not authenticated for ${domain} (DKIM ${dkimSeen}; DMARC ${dmarcSeen}; SPF ${result.spf ? result.spf.status.result : "none"})` };
}
