/**
 * One formatter per tool result, used by the offline model's answer writer. Each states only what
 * the result holds and names its source (schedule revision, ruling number and date, chapter 99
 * heading, fee basis). A result it does not recognise is summarised as-is rather than interpreted.
 */
import { formatDraft, formatExtraction, formatFiling, type CodeCheck } from "./document-formats.ts";
import type { ToolExchange } from "./history.ts";
import { arr, obj, str, type Obj } from "./json-values.ts";

/** A money amount as USD with thousands separators, from a decimal string or number. */
export function usd(v: unknown): string {
  const s = str(v);
  if (s === undefined) return "n/a";
  const [int = "0", frac = ""] = s.replace(/^-/, "").split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${s.startsWith("-") ? "-" : ""}$${grouped}.${(frac + "00").slice(0, 2)}`;
}

/** A schedule path shortened for reading: the heading's start and the last two levels. */
export function shortPath(text: string): string {
  const parts = text.split(" > ").map((p) => p.replace(/:$/, "").trim());
  if (parts.length <= 3) return parts.join(" > ");
  const head = parts[0]!.length > 60 ? `${parts[0]!.slice(0, 57).trimEnd()}...` : parts[0]!;
  return `${head} > ... > ${parts.slice(-2).join(" > ")}`;
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
    const desc = shortPath(str(c.pathText) ?? str(c.description) ?? "");
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
  for (const [i, l] of arr(r.lines).entries()) {
    const fx = obj(l.fx);
    lines.push(
      `Line ${i + 1}: ${str(l.hts) ?? "?"}${str(l.description) ? ` (${shortPath(str(l.description)!)})` : ""}${str(l.origin) ? ` from ${str(l.origin)}` : ""}, ` +
        `customs value ${usd(l.value ?? l.enteredValue)}${fx ? ` (converted from ${str(fx.currency)} at ${str(fx.rate)}, ${str(fx.source) ?? "rate source n/a"})` : ""}`,
    );
    const components = arr(l.components).filter((c) => c.kind !== "chapter99");
    for (const c of components) {
      lines.push(`  - ${str(c.label) ?? "duty"} ${str(c.rate) ?? ""}${str(c.basis) ? ` (${str(c.basis)})` : ""}: ${usd(c.amount)}${str(c.citation) ? ` [${str(c.citation)}]` : ""}`);
    }
    if (components.length === 0 && (str(l.rate) ?? str(l.rateText))) lines.push(`  - rate ${str(l.rate) ?? str(l.rateText)}`);
    for (const c of arr(l.chapter99)) {
      lines.push(
        `  - ${str(c.heading) ?? "?"}${str(c.program) ? ` ${str(c.program)}` : ""} ${str(c.rate) ?? ""}${str(c.basis) ? ` (${str(c.basis)})` : ""}: ${usd(c.amount)}${str(c.citation) ? ` [${str(c.citation)}]` : ""}`,
      );
    }
    lines.push(`  Line duty: ${usd(l.amount ?? l.duty)}`);
    // Line warnings the entry repeats in its own list are shown once, at the end.
    // (the engine may prefix them there with "Line n (code): ").
    const entryWarnings = warningsOf(r);
    for (const w of Array.isArray(l.warnings) ? l.warnings : []) {
      if (!entryWarnings.some((e) => e === String(w) || e.endsWith(`: ${String(w)}`))) lines.push(`  Warning: ${String(w)}`);
    }
    const savings = arr(l.eligiblePrograms).filter((p) => str(p.saving));
    if (savings.length > 0) {
      lines.push(`  Programs the origin may claim: ${savings.map((p) => `${str(p.name) ?? str(p.symbol)} (${str(p.symbol)}, ${str(p.rate)}, saves ${usd(p.saving)})`).join("; ")}`);
    }
  }
  const t = obj(r.totals);
  const fees = obj(r.fees);
  if (t) {
    const mpf = obj(fees?.mpf);
    const hmf = obj(fees?.hmf);
    lines.push(
      `Totals: duty ${usd(t.duty)}, MPF ${usd(t.mpf)}${str(mpf?.basis) ? ` (${str(mpf?.basis)}${str(mpf?.citation) ? `; ${str(mpf?.citation)}` : ""})` : ""}, ` +
        `HMF ${usd(t.hmf)}${str(hmf?.basis) ? ` (${str(hmf?.basis)}${str(hmf?.citation) ? `; ${str(hmf?.citation)}` : ""})` : ""}, ` +
        `total ${usd(t.total)}${str(t.effectiveRate) ? `; duty is ${str(t.effectiveRate)} of value` : ""}.`,
    );
  }
  if (r.complete === false) lines.push("Not complete: a line needs a manual rate or a review, and the totals leave that part out.");
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

function lookup(r: Obj): string {
  const rates = obj(r.rates) ?? {};
  const lines = [
    `${str(r.code) ?? "?"} is a line of HTSUS ${str(r.revision) ?? "(revision not reported)"}${r.declarable === true ? " and can be declared" : r.declarable === false ? "; it is not a declarable 10-digit line" : ""}.`,
    `Path: ${str(r.pathText) ?? ""}`,
    `Rates: general ${str(rates.general) ?? "none printed"}; special ${str(rates.special) ?? "none"}; column 2 ${str(rates.column2) ?? "none"}.`,
  ];
  const units = Array.isArray(r.units) ? r.units.filter((u): u is string => typeof u === "string") : [];
  if (units.length > 0) lines.push(`Units of quantity: ${units.join(", ")}.`);
  const children = arr(r.children);
  if (children.length > 0) lines.push("Lines below it:", ...children.map((c) => `- ${str(c.code) ?? "?"}: ${str(c.description) ?? ""}`));
  return lines.join("\n");
}

function generic(ex: ToolExchange): string {
  const r = obj(ex.result);
  if (!r) return ex.resultText ?? "";
  const message = str(r.message) ?? str(r.summary);
  return message ?? `${ex.name} result:\n${JSON.stringify(ex.result, null, 2)}`;
}

/** The answer text for one tool exchange of the turn. */
export function formatResult(ex: ToolExchange, check?: CodeCheck): string {
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
    case "lookup_hts":
      return lookup(r);
    case "extract_document":
      return formatExtraction(r, check);
    case "draft_declaration":
      return formatDraft(r, "Created", check);
    case "update_draft":
      return formatDraft(r, "Updated", check);
    case "show_draft":
      return formatDraft(r, "Showing", check);
    case "file_declaration":
      return formatFiling(r);
    default:
      return generic(ex);
  }
}
