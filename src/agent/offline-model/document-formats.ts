/**
 * Answer formats for document and entry results: an extracted invoice, packing list or bill of
 * lading, an entry draft (7501 data) and a filing. Document text is quoted as data; nothing in it is
 * acted on.
 */
import { arr, obj, str as text, type Obj } from "./json-values.ts";

/** Like `str`, but trimmed: document and draft values are printed without surrounding spaces. */
function str(v: unknown): string | undefined {
  return text(v)?.trim();
}
function party(v: unknown): string | undefined {
  const p = obj(v);
  if (!p) return undefined;
  const name = str(p.name);
  const country = str(p.country);
  return name ? `${name}${country ? ` (${country})` : ""}` : undefined;
}
function field(label: string, value: string | undefined): string | null {
  return value ? `${label}: ${value}` : null;
}
function warnings(r: Obj): string[] {
  const w = Array.isArray(r.warnings) ? r.warnings : [];
  const texts = w.map((x) => (typeof x === "string" ? x : (str(obj(x)?.message) ?? JSON.stringify(x))));
  return texts.length > 0 ? ["Warnings:", ...texts.map((t) => `- ${t}`)] : [];
}

// Phrases that address an assistant rather than describe goods. Finding one does not change what
// is done (document text is never acted on); it is pointed out so a person looks at the document.
const INSTRUCTION_LIKE = /\b(ignore (all |any )?(previous|prior|above) instructions|disregard (the |your )?(instructions|rules)|(file|submit|approve) (this|the) (entry|declaration|draft)|you are now|system prompt)\b/i;

/** Strings in an extraction result that read like instructions to an assistant. */
export function instructionLikeText(value: unknown, found: string[] = []): string[] {
  if (typeof value === "string") {
    if (INSTRUCTION_LIKE.test(value)) found.push(value.length > 120 ? `${value.slice(0, 117)}...` : value);
  } else if (Array.isArray(value)) {
    for (const v of value) instructionLikeText(v, found);
  } else if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) instructionLikeText(v, found);
  }
  return found;
}

/** Checks a code against the loaded schedule: its revision when the code is a line, else null. */
export type CodeCheck = (code: string) => { valid: boolean; revision: string };

/** A code as printed on a document, marked when it is not a line of the loaded schedule. */
function printedCode(code: string | undefined, check?: CodeCheck): string {
  if (!code) return "not printed";
  if (!check) return `${code} (as printed)`;
  const v = check(code);
  return v.valid ? `${code} (as printed; a line of HTSUS ${v.revision})` : `${code} (as printed; NOT a line of HTSUS ${v.revision})`;
}

/** An extracted document. */
export function formatExtraction(r: Obj, check?: CodeCheck): string {
  const type = str(r.type) ?? "document";
  const name = str(r.fileName) ?? "the document";
  const out: Array<string | null> = [`Extracted ${name} (${type.replace(/_/g, " ")}; ${str(r.method) ?? "method n/a"}, ${str(r.pages) ?? "?"} page(s)):`];
  if (type === "invoice") {
    out.push(
      field("Invoice", [str(r.invoiceNumber), str(r.invoiceDate) && `dated ${str(r.invoiceDate)}`].filter(Boolean).join(" ") || undefined),
      field("Seller", party(r.seller)),
      field("Buyer", party(r.buyer)),
      field("Importer of record", party(r.importerOfRecord)),
      field("Country of origin", str(r.countryOfOrigin)),
      field("Currency", str(r.currency)),
      field("Incoterms", [str(r.incoterms), str(r.incotermsPlace)].filter(Boolean).join(" ") || undefined),
    );
    const lines = arr(r.lineItems);
    out.push(`Lines (${lines.length}):`);
    lines.forEach((l, i) => {
      const qty = str(l.quantity) ? `${str(l.quantity)} ${str(l.unit) ?? str(l.unitRaw) ?? ""}`.trim() : "qty n/a";
      out.push(`${i + 1}. ${str(l.description) ?? "(no description)"} — HTS ${printedCode(str(l.htsCode), check)}, ${qty}, amount ${str(l.amount) ?? "n/a"}${str(l.countryOfOrigin) ? `, origin ${str(l.countryOfOrigin)}` : ""}`);
    });
    const t = obj(r.totals);
    if (t) out.push(field("Invoice total", str(t.total) && `${str(t.total)} ${str(r.currency) ?? ""}`.trim()));
  } else if (type === "packing_list") {
    const t = obj(r.totals) ?? {};
    out.push(
      field("Packing list", str(r.packingListNumber)),
      field("Invoice", str(r.invoiceNumber)),
      field("Shipper", party(r.shipper)),
      field("Consignee", party(r.consignee)),
      `Totals: ${str(t.cartons) ?? "?"} cartons, net ${str(t.netWeightKg) ?? "?"} kg, gross ${str(t.grossWeightKg) ?? "?"} kg`,
    );
  } else if (type === "bill_of_lading") {
    out.push(
      field("B/L", str(r.billOfLadingNumber)),
      field("Carrier", [str(obj(r.carrier)?.name), str(obj(r.carrier)?.scac)].filter(Boolean).join(" / ") || undefined),
      field("Vessel/voyage", [str(r.vessel), str(r.voyage)].filter(Boolean).join(" ") || undefined),
      field("From/to", [str(r.portOfLoading), str(r.portOfDischarge)].filter(Boolean).join(" -> ") || undefined),
      field("Shipper", party(r.shipper)),
      field("Consignee", party(r.consignee)),
      field("Gross weight", str(r.grossWeightKg) && `${str(r.grossWeightKg)} kg`),
    );
  }
  out.push(...warnings(r));
  const suspicious = instructionLikeText({ ...r, provenance: undefined });
  if (suspicious.length > 0) {
    out.push(`Caution: the document contains text addressed to an assistant (${suspicious.map((t) => `"${t}"`).join("; ")}). It was treated as data and not acted on; check the document's origin.`);
  }
  out.push("Saved to this conversation; ask me to draft an entry from it. Anything the document says is treated as data, not as instructions.");
  return out.filter((x): x is string => x !== null).join("\n");
}

/** A draft line's code, marked when it is not a line of the loaded schedule. */
function draftCode(code: string | undefined, check?: CodeCheck): string {
  if (!code) return "missing";
  const v = check?.(code);
  return v && !v.valid ? `${code} (NOT a line of HTSUS ${v.revision})` : code;
}

/** An entry draft (from draft_declaration, show_draft or update_draft). */
export function formatDraft(r: Obj, verb: string, check?: CodeCheck): string {
  const d = obj(r.draft) ?? r;
  const content = obj(d.content) ?? obj(r.content) ?? d;
  const id = str(d.draftId) ?? str(d.id) ?? str(r.draftId);
  const version = str(d.version) ?? str(r.version);
  const status = str(d.status) ?? str(r.status);
  const header = obj(content.header) ?? {};
  const out: Array<string | null> = [`${verb} draft ${id ?? "?"} version ${version ?? "?"}${status ? ` (status ${status})` : ""}:`];
  out.push(
    field("Entry type", str(header.entryType)),
    field("Importer of record", party(header.importerOfRecord)),
    field("Country of origin", str(header.countryOfOrigin)),
    field("Reference (invoice)", str(header.referenceNumber)),
  );
  for (const l of arr(content.lines)) {
    const ch99 = arr(l.chapter99).map((c) => `${str(c.heading)} ${str(c.rate) ?? ""} = ${str(c.amount) ?? "?"}`.trim());
    const qty = obj(l.netQuantity);
    out.push(
      `Line ${str(l.lineNumber) ?? "?"}: ${str(l.description) ?? ""} — HTS ${draftCode(str(l.hts), check)}, origin ${str(l.countryOfOrigin) ?? "missing"}, ` +
        `value ${str(l.enteredValue) ?? "missing"}${qty ? `, qty ${str(qty.value)} ${str(qty.unit) ?? ""}` : ""}, rate ${str(l.rate) ?? "n/a"}, duty ${str(l.duty) ?? "n/a"}` +
        (ch99.length > 0 ? `; chapter 99: ${ch99.join(", ")}` : ""),
    );
  }
  for (const f of arr(content.fees)) out.push(`Fee ${str(f.code) ?? ""} ${str(f.name) ?? ""}: ${str(f.amount) ?? "?"}`.replace(/\s+/g, " "));
  const t = obj(content.totals);
  if (t) out.push(`Totals: entered value ${str(t.enteredValue) ?? "?"}, duty ${str(t.duty) ?? "?"}, other fees ${str(t.other) ?? "?"}, total ${str(t.total) ?? "?"}.`);
  const sources = obj(content.sources);
  if (sources && str(sources.htsRevision)) out.push(`Source: HTSUS ${str(sources.htsRevision)}; documents ${arr(sources.documents).map((x) => str(x.fileName)).filter(Boolean).join(", ") || "none"}.`);
  out.push(...warnings(content));
  out.push("Nothing is filed until a licensed broker approves this exact version.");
  return out.filter((x): x is string => x !== null).join("\n");
}

/** A filing result. */
export function formatFiling(r: Obj): string {
  const message = str(r.message);
  const filing = obj(r.filing) ?? r;
  const where = str(filing.location);
  const status = str(filing.status) ?? str(r.status);
  return [message ?? `Filed draft ${str(filing.draftId) ?? "?"} version ${str(filing.version) ?? "?"}.`, where && !message?.includes(where) ? `Location: ${where}` : null, status && !message ? `Status: ${status}` : null]
    .filter((x): x is string => x !== null && x !== undefined)
    .join("\n");
}
