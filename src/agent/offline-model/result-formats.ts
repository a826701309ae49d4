/**
 * One formatter per tool result, used by the offline model's answer writer. Each states only what
 * the result holds and names its source (schedule revision, ruling number and date, chapter 99
 * heading, fee basis). A result it does not recognise is summarised as-is rather than interpreted.
 */
import type { ToolExchange } from "./history.ts";

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined;
}
function arr(v: unknown): Obj[] {
  return Array.isArray(v) ? v.map((x) => obj(x)).filter((x): x is Obj => x !== undefined) : [];
}
function str(v: unknown): string | undefined {
  if (typeof v === "string" && v.trim() !== "") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}
/** A money amount as USD with thousands separators, from a decimal string or number. */
export function usd(v: unknown): string {
  const s = str(v);
  if (s === undefined) return "n/a";
  const [int = "0", frac = ""] = s.replace(/^-/, "").split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${s.startsWith("-") ? "-" : ""}$${grouped}.${(frac + "00").slice(0, 2)}`;
}

function warningsOf(r: Obj): string[] {
  const w = r.warnings;
  if (!Array.isArray(w)) return [];
  return w.map((x) => (typeof x === "string" ? x : (str(obj(x)?.message) ?? JSON.stringify(x))));
}

function withWarnings(lines: string[], r: Obj): string {
  const w = warningsOf(r);
  if (w.length > 0) lines.push("Warnings:", ...w.map((x) => `- ${x}`));
  return lines.join("\n");
}

function classification(r: Obj): string {
  const revision = str(r.revision) ?? str(r.htsRevision);
  const candidates = arr(r.candidates);
  if (candidates.length === 0) return str(r.message) ?? "No classification candidate was found in the schedule for that description.";
  const lines = [`Classification candidates (HTSUS ${revision ?? "revision not reported"}):`];
  candidates.forEach((c, i) => {
    const code = str(c.code) ?? str(c.hts) ?? "?";
    const desc = str(c.pathText) ?? str(c.description) ?? "";
    const rate = str(obj(c.rates)?.general) ?? str(c.generalRate) ?? str(c.rate);
    const conf = typeof c.confidence === "number" ? ` (confidence ${Math.round(c.confidence * 100)}%)` : typeof c.score === "number" ? ` (score ${c.score.toFixed(2)})` : "";
    lines.push(`${i + 1}. ${code} — ${desc}${rate ? `; general rate ${rate}` : ""}${conf}`);
    const rulings = arr(c.rulings ?? c.supportingRulings);
    if (rulings.length > 0) {
      lines.push(`   Rulings: ${rulings.map((x) => `${str(x.number) ?? "?"}${str(x.date) ? ` (${str(x.date)})` : ""}`).join(", ")}`);
    }
  });
  const questions = Array.isArray(r.questions) ? r.questions.filter((q): q is string => typeof q === "string") : [];
  if (r.lowConfidence === true) {
    lines.push(`Confidence is low.${questions.length > 0 ? ` To decide between these, tell me: ${questions.join(" ")}` : " Tell me more about the product (material, function, construction)."}`);
  }
  lines.push("Classification is a proposal; a licensed broker confirms it before filing.");
  return withWarnings(lines, r);
}

function duty(r: Obj): string {
  const lines: string[] = [];
  const entryDate = str(r.entryDate);
  const revision = str(r.revision) ?? str(r.htsRevision);
  lines.push(`Duty estimate${entryDate ? ` for entry on ${entryDate}` : ""}${revision ? ` (HTSUS ${revision})` : ""}:`);
  for (const l of arr(r.lines)) {
    const code = str(l.hts) ?? "?";
    const origin = str(l.origin);
    const rate = str(l.rate) ?? str(l.rateText);
    const column = str(l.rateColumn) ?? str(l.column);
    lines.push(`- ${code}${origin ? ` from ${origin}` : ""}: value ${usd(l.value ?? l.enteredValue)}, ${rate ? `rate ${rate}${column ? ` (${column})` : ""}, ` : ""}duty ${usd(l.amount ?? l.duty)}`);
    for (const c of arr(l.chapter99)) {
      lines.push(`  - plus ${str(c.heading) ?? "?"} (${str(c.rate) ?? "?"}${str(c.authority) ? `, ${str(c.authority)}` : ""}): ${usd(c.amount)}`);
    }
  }
  const t = obj(r.totals);
  if (t) {
    lines.push(`Totals: duty ${usd(t.duty)}, MPF ${usd(t.mpf)}, HMF ${usd(t.hmf)}, total ${usd(t.total)}.`);
  }
  const fees = arr(r.fees);
  for (const f of fees) {
    const basis = str(f.basis) ?? str(f.source) ?? str(f.note);
    lines.push(`- ${str(f.name) ?? str(f.code) ?? "fee"}: ${usd(f.amount)}${basis ? ` (${basis})` : ""}`);
  }
  return withWarnings(lines, r);
}

function rulings(r: Obj): string {
  const results = arr(r.results ?? r.rulings);
  const corpus = typeof r.corpusSize === "number" ? ` of ${r.corpusSize}` : "";
  if (results.length === 0) return `No CBP ruling in the loaded corpus${corpus ? ` (${r.corpusSize} rulings)` : ""} matches that search; that proves little, the corpus is small.`;
  const lines = [`CBP rulings found (from the loaded CROSS corpus${corpus} rulings):`];
  for (const x of results) {
    const codes = Array.isArray(x.codes)
      ? x.codes
          .map((c) => {
            if (typeof c === "string") return c;
            const o = obj(c);
            const code = str(o?.code) ?? "";
            // A ruling's code that is no longer a line of the loaded schedule must not read as current.
            if (o?.status === "stale") return `${code} (no longer in the schedule)`;
            if (o?.status === "mapped" && str(o.current)) return `${code} (now ${str(o.current)})`;
            return code;
          })
          .filter(Boolean)
      : [];
    lines.push(`- ${str(x.number) ?? "?"} (${str(x.date) ?? "date n/a"}): ${str(x.subject) ?? str(x.title) ?? ""}${codes.length ? ` — ${codes.join(", ")}` : ""}${str(x.link) ? ` ${str(x.link)}` : ""}`);
  }
  return withWarnings(lines, r);
}

function tariff(r: Obj): string {
  const results = arr(r.results ?? r.lines);
  const revision = str(r.revision);
  if (results.length === 0) return `No line of the schedule${revision ? ` (HTSUS ${revision})` : ""} matches that search.`;
  const lines = [`Tariff schedule lines (HTSUS ${revision ?? "revision not reported"}):`];
  for (const x of results) {
    const rate = str(obj(x.rates)?.general) ?? str(x.general);
    lines.push(`- ${str(x.code) ?? "?"}: ${str(x.pathText) ?? str(x.description) ?? ""}${rate ? `; general ${rate}` : ""}`);
  }
  return withWarnings(lines, r);
}

function generic(ex: ToolExchange): string {
  const r = obj(ex.result);
  if (!r) return ex.resultText ?? "";
  const message = str(r.message) ?? str(r.summary);
  return message ?? `${ex.name} result:\n${JSON.stringify(ex.result, null, 2)}`;
}

/** The answer text for one tool exchange of the turn. */
export function formatResult(ex: ToolExchange): string {
  if (ex.failed) return ex.resultText ?? `${ex.name} failed.`;
  const r = obj(ex.result);
  if (!r) return ex.resultText ?? "";
  switch (ex.name) {
    case "classify_product":
      return classification(r);
    case "calculate_duty":
      return duty(r);
    case "search_rulings":
      return rulings(r);
    case "search_tariff":
      return tariff(r);
    default:
      return generic(ex);
  }
}
