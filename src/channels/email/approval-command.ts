/**
 * Reads a broker's `APPROVE <code>` / `REJECT <code> <reason>` from the words they wrote, ignoring
 * the quoted message below (a quoted approval request must never read as a decision). The command
 * only names a code; whether it decides anything is up to the code check and sender authentication.
 */

/** A decision command found in a reply. */
export interface ApprovalCommand {
  decision: "approve" | "reject";
  code: string;
  reason: string;
}

/** Code alphabet (RFC 4648 base32, upper case, no padding). */
export const CODE_PATTERN = "[A-Z2-7]{32}";

const COMMAND = new RegExp(`^\\s*(APPROVE|REJECT)\\s+(${CODE_PATTERN})\\b[\\s:,-]*(.*)$`, "i");

/** The lines the sender wrote: stops at the quoted original ("On ... wrote:", "-----Original Message-----", "> "). */
export function ownLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*>/.test(line)) break;
    if (/^\s*On .+wrote:\s*$/.test(line) || /^-{2,}\s*Original Message\s*-{2,}/i.test(line) || /^-{5,}\s*Forwarded message/i.test(line)) break;
    out.push(line);
  }
  return out;
}

/** The first decision command among the sender's own lines, or null. */
export function parseApprovalCommand(text: string): ApprovalCommand | null {
  const lines = ownLines(text);
  for (const [i, line] of lines.entries()) {
    const m = COMMAND.exec(line);
    if (!m) continue;
    const decision = m[1]!.toUpperCase() === "APPROVE" ? "approve" : "reject";
    // A rejection's reason may continue on the following lines of the same paragraph.
    const rest = [m[3]!.trim()];
    for (const next of lines.slice(i + 1)) {
      if (next.trim() === "") break;
      rest.push(next.trim());
    }
    return { decision, code: m[2]!.toUpperCase(), reason: rest.filter((r) => r !== "").join(" ") };
  }
  return null;
}

/** True when the sender's own lines start like a decision but the code is malformed (told back, never guessed). */
export function looksLikeDecision(text: string): boolean {
  return ownLines(text).some((l) => /^\s*(APPROVE|REJECT)\b/i.test(l));
}
