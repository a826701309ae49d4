/**
 * Offline commercial-invoice extractor: label-value pairs for the header, party blocks, a table
 * or item-block reader for the lines, and labelled totals. Nothing here knows a particular
 * layout; labels cover English and the common European languages of supplier invoices.
 */
import type { CountryIndex } from "../domain/countries.ts";
import { parseCurrency } from "../domain/currencies.ts";
import { cutAtNextLabel, findAnyLabel, findLabel, hasLegalSuffix, sourceOf, splitNameAddress } from "./labels.ts";
import { findBlockItems, findTableItems } from "./line-items.ts";
import type { DocLine } from "./load.ts";
import { findParty } from "./parties.ts";
import { findDates, findNumbers, type ValueContext } from "./parse-values.ts";
import { FieldRecorder } from "./recorder.ts";
import { emptyParty, type InvoiceData, type Source } from "./schemas.ts";

/** What an offline extractor needs besides the text. */
export interface ExtractorEnv {
  countries: CountryIndex;
  knowledgeDir: string;
  ctx: ValueContext;
}

export const SELLER_LABELS = ["seller", "exporter", "shipper", "vendor", "supplier", "sold by", "service provider", "manufacturer", "sprzedawca", "verkäufer", "vendeur", "beneficiary", "from"];
export const BUYER_LABELS = ["buyer", "sold to", "bill to", "billed to", "invoice to", "customer", "consignee", "purchaser", "nabywca", "käufer", "acheteur", "importer(?! of record)", "to"];
const ROLE_RE = /^(?:seller|exporter|shipper|buyer|consignee|sold to|bill to|ship to|notify|importer|deliver to|customer|vendor|supplier)\b/i;
const INCOTERMS = /\b(EXW|FCA|FAS|FOB|CFR|CIF|CPT|CIP|DAP|DPU|DDP|DAT|DDU|CNF|C&F)\b\s*[-:,]?\s*(.*)$/;
const INCOTERM_NAMES = /^(?:-\s*)?(?:ex works|free carrier|free alongside ship|free on board|cost and freight|cost,? insurance and freight|carriage paid to|carriage and insurance paid to|delivered at place(?: unloaded)?|delivered duty paid|delivered at terminal)\b[\s,-]*/i;
const hasDigit = (v: string) => /\d/.test(v);
const notLabel = (v: string) => !/^[A-Za-z][A-Za-z ]{1,20}:/.test(v);

function amountOn(lines: DocLine[], label: RegExp, ctx: ValueContext, last = false, skipIfFollowedBy?: RegExp): { value: number; source: Source; confidence: number } | null {
  const re = new RegExp(`(?:^|\\s)(?:${label.source})(?![a-zà-ž])`, "i");
  const hits: Array<{ value: number; source: Source; confidence: number }> = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.text;
    const m = re.exec(text);
    if (!m) continue;
    // "BTW ... Factuur totaal 49,99": a total label after a tax label means the number is the total.
    if (skipIfFollowedBy?.test(text.slice(m.index + m[0].length))) continue;
    // "Exclusief BTW 593,36" / "Total excl. VAT" is a net amount, not the tax or the total.
    if (/(?:excl\.?|exclusief|exclusive of|excluding|incl\.?|inclusief|inclusive of|including|ohne|without|hors)\s*$/i.test(text.slice(0, m.index + 1))) continue;
    const after = text.slice(m.index + m[0].length).replace(/\d+(?:[.,]\d+)?\s?%/g, " ");
    // Long digit runs are identifiers (VAT/TIN numbers, accounts), not amounts.
    const found = findNumbers(after, ctx).filter((n) => !/^\d{7,}$/.test(n.text));
    // Years ("2014") are not amounts unless they are the only number after the label.
    const numsAfter = found.length > 1 ? found.filter((n) => !/^(?:19|20)\d{2}$/.test(n.text)) : found;
    let value: number | undefined = numsAfter[numsAfter.length - 1]?.value;
    let confidence = 0.9;
    if (value === undefined) {
      const before = findNumbers(text.slice(0, m.index), ctx);
      value = before[0]?.value;
      confidence = 0.7;
      const next = lines[i + 1];
      if (value === undefined && next && findNumbers(next.text, ctx).length === 1 && /[.,]\d{2}\b/.test(next.text)) {
        value = findNumbers(next.text, ctx)[0]!.value;
      }
    }
    if (value !== undefined) {
      hits.push({ value, source: sourceOf(lines[i]!), confidence });
      if (!last) break;
    }
  }
  return last ? (hits[hits.length - 1] ?? null) : (hits[0] ?? null);
}

function currencyOf(lines: DocLine[], env: ExtractorEnv, rec: FieldRecorder): string | null {
  const labelled = findLabel(lines, /currency|devise|währung|waluta|valuta/, (v) => parseCurrency(v, env.knowledgeDir) !== null);
  if (labelled) return rec.put("currency", parseCurrency(labelled.value, env.knowledgeDir), labelled.confidence, labelled.source);
  // Otherwise vote over the currency marks printed next to amounts.
  const votes = new Map<string, { n: number; source: Source }>();
  for (const line of lines) {
    for (const m of line.text.matchAll(/(?:(?<![A-Za-z0-9])[A-Z]{3}|[$€£¥₹]|Rs\.?|zł)\s?(?=-?\d)|(?<![A-Za-z\d])\d(?:[\d.,]*\d)?\s?(?:[A-Z]{3}\b|€|zł)/g)) {
      const mark = m[0].replace(/[\d.,\s-]/g, "");
      const code = mark === "Rs" || mark === "Rs." ? "INR" : parseCurrency(mark, env.knowledgeDir);
      if (!code) continue;
      const v = votes.get(code) ?? { n: 0, source: sourceOf(line) };
      v.n += /[A-Z]{3}/.test(m[0]) ? 2 : 1;
      votes.set(code, v);
    }
  }
  const best = [...votes.entries()].sort((a, b) => b[1].n - a[1].n)[0];
  return best ? rec.put("currency", best[0], 0.7, best[1].source) : null;
}

/** Extracts a commercial invoice from document lines. */
export function extractInvoice(lines: DocLine[], env: ExtractorEnv): { data: InvoiceData; rec: FieldRecorder } {
  const rec = new FieldRecorder();
  const { ctx, countries } = env;

  const numHit = findAnyLabel(
    lines,
    [/invoice\s*(?:number|no\.?|nr\.?|#|n°)|inv\.?\s*no\.?|facture\s*(?:n°|no)?|factuurnummer|factuur\s*nr\.?|rechnungs?-?(?:nr\.?|nummer)|faktura(?: vat)?\s*(?:nr|no)\.?|n° de facture|invoice/],
    (v) => hasDigit(v) && notLabel(v) && findDates(v.split(/\s(?:du|dated|vom|van|z dnia)\s/i)[0]!, ctx).length === 0,
  );
  let invoiceNumber: string | null = null;
  if (numHit) {
    const cut = cutAtNextLabel(numHit.value.split(/\s(?:du|dated|vom|van|z dnia|date)\s/i)[0]!).replace(/^#\s+/, "#");
    const tokens = cut.split(/\s+/);
    invoiceNumber = /\d/.test(tokens[0]!) || tokens.length === 1 ? tokens[0]! : tokens.slice(0, 2).join(" ");
    rec.put("invoiceNumber", invoiceNumber, numHit.confidence, numHit.source);
  }

  const dateHit = findAnyLabel(
    lines,
    [/invoice date|date of invoice|factuurdatum|rechnungsdatum|data wystawienia|date de facture|fecha de factura|date|datum|data|fecha/],
    (v) => findDates(v, ctx).length > 0,
  );
  let invoiceDate: string | null = null;
  if (dateHit) invoiceDate = rec.put("invoiceDate", findDates(dateHit.value, ctx)[0]!.iso, dateHit.confidence, dateHit.source);
  else if (numHit) {
    const line = lines[numHit.index]!;
    const d = findDates(line.text, ctx)[0];
    if (d) invoiceDate = rec.put("invoiceDate", d.iso, 0.75, sourceOf(line));
  }
  if (!invoiceDate) {
    const line = lines.find((l) => findDates(l.text, ctx).length > 0);
    if (line) invoiceDate = rec.put("invoiceDate", findDates(line.text, ctx)[0]!.iso, 0.4, sourceOf(line));
  }

  const currency = currencyOf(lines, env, rec);

  let incoterms: string | null = null;
  let incotermsPlace: string | null = null;
  const incoHit =
    findAnyLabel(lines, [/incoterms?(?: 20[12]0)?|terms of (?:sale|delivery)|delivery terms|trade terms|lieferbedingungen/], (v) => INCOTERMS.test(v)) ??
    (() => {
      const line = lines.find((l) => /\b(?:EXW|FCA|FOB|CFR|CIF|CPT|CIP|DAP|DPU|DDP)\s+[A-Z][a-z]/.test(l.text));
      return line ? { value: line.text, confidence: 0.6, source: sourceOf(line), index: 0 } : null;
    })();
  if (incoHit) {
    const m = INCOTERMS.exec(incoHit.value)!;
    incoterms = rec.put("incoterms", m[1] === "C&F" || m[1] === "CNF" ? "CFR" : m[1]!, incoHit.confidence, incoHit.source);
    const place = cutAtNextLabel(m[2]!.replace(INCOTERM_NAMES, "")).replace(/\s*\(?incoterms.*$/i, "").trim();
    incotermsPlace = rec.put("incotermsPlace", place || null, incoHit.confidence * 0.9, incoHit.source);
  }

  const payHit = findAnyLabel(lines, [/payment terms|terms of payment|payment|zahlungsbedingungen|conditions de paiement|betalingsvoorwaarden|terms/], (v) => notLabel(v));
  const paymentTerms = payHit ? rec.put("paymentTerms", cutAtNextLabel(payHit.value), payHit.confidence, payHit.source) : null;

  let countryOfOrigin: string | null = null;
  const cooHit = findAnyLabel(lines, [/country of origin|origin of goods|origin|made in|c\.?o\.?o\.?|herkunftsland|pays d'origine/], (v) => notLabel(v));
  if (cooHit) countryOfOrigin = rec.put("countryOfOrigin", countries.parse(cutAtNextLabel(cooHit.value))?.code ?? null, cooHit.confidence, cooHit.source);
  // A stated origin that is no single country ("Various", "Multiple") stays null: per-line origins apply.
  if (!countryOfOrigin && !cooHit) {
    const line = lines.find((l) => /\b(?:of|made in)\s+[A-Z][a-z]+\s+origin\b|\bmade in [A-Z]/.test(l.text));
    const m = line && /\b(?:of ([A-Z][a-z]+) origin|made in ([A-Z][A-Za-z ]+))/.exec(line.text);
    if (m) countryOfOrigin = rec.put("countryOfOrigin", countries.parse(m[1] ?? m[2]!)?.code ?? null, 0.6, sourceOf(line!));
  }

  const marksHit = findAnyLabel(lines, [/shipping marks|marks (?:and|&) numbers|marks/], notLabel);
  const marks = marksHit ? rec.put("marks", marksHit.value, marksHit.confidence, marksHit.source) : null;

  const roleStop = ROLE_RE;
  const sellerHit = findParty(lines, SELLER_LABELS, roleStop, countries);
  const buyerHit = findParty(lines, BUYER_LABELS, roleStop, countries);
  const iorHit = findParty(lines, ["importer of record", "ior", "buyer / importer of record"], roleStop, countries);
  const shipHit = findParty(lines, ["ship to", "deliver to", "delivery address", "consignee", "afleveradres", "lieferadresse"], roleStop, countries);
  let seller = sellerHit?.party ?? emptyParty();
  if (!sellerHit) {
    // No seller label: the issuer is the company (legal form) named most often — letterhead,
    // footer and bank details repeat it, while the customer's name appears once.
    const counts = new Map<string, { n: number; line: DocLine }>();
    for (const l of lines) {
      if (!hasLegalSuffix(l.text) || /\b(?:to|by|attn)\b\s*:/i.test(l.text)) continue;
      const name = splitNameAddress(l.cells[0] ?? l.text.trim()).name.replace(/\s*[:|]\s*$/, "");
      if (name.length > 60) continue;
      const key = name.toLowerCase();
      const c = counts.get(key) ?? { n: 0, line: l };
      c.n += 1 + lines.filter((x) => x !== l && x.text.toLowerCase().includes(key)).length;
      counts.set(key, c);
    }
    const best = [...counts.entries()].sort((a, b) => b[1].n - a[1].n)[0];
    if (best) {
      seller = { name: splitNameAddress(best[1].line.cells[0] ?? best[1].line.text.trim()).name.replace(/\s*[:|]\s*$/, ""), address: null, country: null };
      rec.put("seller.name", seller.name, 0.5, sourceOf(best[1].line));
    }
  }
  const putParty = (path: string, hit: typeof sellerHit) => {
    if (!hit) return;
    rec.put(`${path}.name`, hit.party.name, hit.confidence, hit.source);
    rec.put(`${path}.address`, hit.party.address, hit.confidence * 0.9, hit.source);
    rec.put(`${path}.country`, hit.party.country, hit.confidence * 0.85, hit.source);
  };
  putParty("seller", sellerHit);
  putParty("buyer", buyerHit);
  putParty("importerOfRecord", iorHit);
  putParty("shipTo", shipHit);

  const blockItems = findBlockItems(lines, ctx, countries);
  const items = blockItems.length ? blockItems : findTableItems(lines, ctx, countries);
  items.forEach((hit, i) => {
    for (const [k, v] of Object.entries(hit.item)) rec.put(`lineItems[${i}].${k}`, v, hit.confidence, hit.source);
  });

  // Specific total labels win over a bare "Total", which also heads item rows; of bare totals
  // the last one printed is the invoice's.
  const total =
    amountOn(lines, /grand total|total invoice value|invoice total|total amount(?: due)?|total for this invoice|total ttc|total due|amount due|factuur totaal|należność ogółem|gesamtbetrag|rechnungsbetrag|total value|total facture/, ctx) ??
    amountOn(lines, /total|totaal|summe|razem|balance due/, ctx, true);
  const subtotal = amountOn(lines, /sub[- ]?total|subtotaal|total ht|net total|total net|total before tax|zwischensumme|nettobetrag|exclusief btw/, ctx, true);
  const freight = amountOn(lines, /freight|shipping(?: charges?)?|fracht|transport/, ctx);
  const insurance = amountOn(lines, /insurance|versicherung|assurance/, ctx);
  const discount = amountOn(lines, /discount|rabatt|remise|korting/, ctx);
  const other = amountOn(lines, /other charges|packing charges?|handling(?: charges?)?|packaging/, ctx);
  const tax = amountOn(lines, /vat|tax|tva|btw|mwst|ust|gst/, ctx, false, /\b(?:total|totaal|summe|razem)\b/i);
  const t = (path: string, hit: ReturnType<typeof amountOn>) => (hit ? rec.put(`totals.${path}`, hit.value, hit.confidence, hit.source) : null);

  const data: InvoiceData = {
    type: "invoice",
    invoiceNumber,
    invoiceDate,
    currency,
    incoterms,
    incotermsPlace,
    paymentTerms,
    seller,
    buyer: buyerHit?.party ?? emptyParty(),
    importerOfRecord: iorHit?.party ?? null,
    shipTo: shipHit?.party ?? null,
    countryOfOrigin,
    marks,
    lineItems: items.map((h) => h.item),
    totals: {
      subtotal: t("subtotal", subtotal),
      freight: t("freight", freight),
      insurance: t("insurance", insurance),
      discount: discount ? t("discount", { ...discount, value: Math.abs(discount.value) }) : null,
      otherCharges: t("otherCharges", other),
      tax: t("tax", tax),
      total: t("total", total),
    },
  };
  return { data, rec };
}
