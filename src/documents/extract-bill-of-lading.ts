/**
 * Offline extractor for ocean bills of lading, sea waybills and air waybills: labelled header
 * fields, party blocks, ISO 6346 container numbers with their seals, packages, weight, volume,
 * dates and freight terms.
 */
import type { ExtractorEnv } from "./extract-invoice.ts";
import { cutAtNextLabel, findAnyLabel, sourceOf, type LabelHit } from "./labels.ts";
import type { DocLine } from "./load.ts";
import { findParty } from "./parties.ts";
import { findDates, findNumbers } from "./parse-values.ts";
import { FieldRecorder } from "./recorder.ts";
import { emptyParty, type BillOfLadingData } from "./schemas.ts";
import { packageCount, weightKg } from "./weights.ts";

const ROLE_RE = /^(?:shipper|exporter|consignee|notify(?: party)?|also notify|forwarding agent|for delivery|carrier|port of|place of|vessel|ocean vessel|pre-carriage|marks|b\/l|booking)\b/i;
const CONTAINER_RE = /\b([A-Z]{3}[UJZ])\s?(\d{6})\s?-?(\d)\b/g;

/** Extracts a bill of lading / waybill from document lines. */
export function extractBillOfLading(lines: DocLine[], env: ExtractorEnv): { data: BillOfLadingData; rec: FieldRecorder } {
  const rec = new FieldRecorder();
  const { ctx, countries } = env;
  const text = lines.map((l) => l.text).join("\n");
  const hasDigit = (v: string) => /\d/.test(v);
  const field = (path: string, labels: RegExp[], accept?: (v: string) => boolean, map: (h: LabelHit) => string | null = (h) => cutAtNextLabel(h.value)) => {
    const hit = findAnyLabel(lines, labels, accept);
    return hit ? rec.put(path, map(hit), hit.confidence, hit.source) : null;
  };
  const token = (h: LabelHit) => cutAtNextLabel(h.value).split(/\s+/)[0] ?? null;
  const date = (h: LabelHit) => findDates(h.value, ctx)[0]?.iso ?? null;
  const hasDate = (v: string) => findDates(v, ctx).length > 0;

  const documentKind = /air\s*waybill|airway\s*bill|\bawb\b/i.test(text) ? "air_waybill" : /sea\s*waybill/i.test(text) ? "sea_waybill" : "bill_of_lading";
  const number = field(
    "billOfLadingNumber",
    [/b\/l\s*(?:no\.?|number|#)|bill of lading\s*(?:no\.?|number|#)|(?:sea\s*)?waybill\s*(?:no\.?|number|#)|(?:m|h)?awb\s*(?:no\.?|number|#)?|air waybill\s*(?:no\.?|number)?/],
    hasDigit,
    token,
  );
  const booking = field("bookingNumber", [/booking\s*(?:no\.?|number|ref\.?)/], hasDigit, token);
  const carrierName = field("carrier.name", [/carrier(?: name)?|shipping line|ocean carrier|airline|issued by/], (v) => /[A-Za-z]{3}/.test(v));
  let scac = field("carrier.scac", [/scac(?: code)?|carrier code/], (v) => /^[A-Z]{2,4}\b/.test(v.trim()), (h) => /^[A-Z]{2,4}/.exec(h.value.trim())![0]);
  if (!scac && number && /^[A-Z]{4}\d/.test(number) && documentKind !== "air_waybill") {
    // Carriers print their SCAC as the B/L number prefix (e.g. MAEU, COSU): a weaker signal.
    scac = rec.put("carrier.scac", number.slice(0, 4), 0.5, rec.provenance.billOfLadingNumber?.source ?? null);
  }
  let vessel = field("vessel", [/(?:ocean )?vessel(?: name)?(?:\s*\/\s*voy(?:age)?\.?(?: no\.?)?)?/], (v) => /[A-Za-z]{2}/.test(v));
  let voyage = field("voyage", [/voyage(?: no\.?| number)?|voy\.?(?: no\.?)?/], hasDigit, token);
  if (vessel) {
    // "MSC ANNA / 412E" or "MSC ANNA V.412E": split the voyage off the vessel name.
    const m = /^(.*?)\s*(?:\/|\bV\.|\bVOY\.?)\s*([A-Z0-9-]+)\s*$/i.exec(vessel);
    if (m && /\d/.test(m[2]!)) {
      vessel = m[1]!.trim();
      rec.put("vessel", vessel, 0.85, rec.provenance.vessel!.source);
      voyage = voyage ?? rec.put("voyage", m[2]!, 0.85, rec.provenance.vessel!.source);
    }
  }
  // "EK 343 / 14-OCT-2026": the flight is the carrier code and number before the date.
  const flight = field("flight", [/flight(?:\s*(?:no\.?|number|\/date))?/], hasDigit, (h) => cutAtNextLabel(h.value).split("/")[0]!.trim() || null);
  const place = (v: string) => /[A-Za-z]{3}/.test(v);
  const portOfLoading = field("portOfLoading", [/port of loading|airport of departure|pol\b/], place);
  const portOfDischarge = field("portOfDischarge", [/port of discharge|airport of destination|pod\b/], place);
  const placeOfReceipt = field("placeOfReceipt", [/place of receipt/], place);
  const placeOfDelivery = field("placeOfDelivery", [/place of delivery|final destination/], place);

  const party = (path: string, labels: string[]) => {
    const hit = findParty(lines, labels, ROLE_RE, countries);
    if (!hit) return emptyParty();
    rec.put(`${path}.name`, hit.party.name, hit.confidence, hit.source);
    rec.put(`${path}.address`, hit.party.address, hit.confidence * 0.9, hit.source);
    rec.put(`${path}.country`, hit.party.country, hit.confidence * 0.85, hit.source);
    return hit.party;
  };
  const shipper = party("shipper", ["shipper(?:/exporter)?", "exporter", "shipper's name and address"]);
  const consignee = party("consignee", ["consignee", "consignee's name and address"]);
  const notifyParty = party("notifyParty", ["notify party", "notify", "also notify"]);

  const containers: BillOfLadingData["containers"] = [];
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    for (const m of line.text.matchAll(CONTAINER_RE)) {
      const num = `${m[1]}${m[2]}${m[3]}`;
      if (seen.has(num)) continue;
      seen.add(num);
      const near = [line.text.slice(m.index + m[0].length), lines[i + 1]?.text ?? ""].join(" ");
      // Seal: right after the container ("/ CS0098812" or the next column), else a "Seal" label nearby.
      const rest = line.text.slice(m.index + m[0].length);
      const seal = /^\s*(?:\/\s*)?([A-Z]{0,4}-?\d{5,})\b/.exec(rest) ?? /seal\s*(?:no\.?|#|number)?\s*[:.]?\s*([A-Z0-9-]{4,})/i.exec(near);
      const size = /\b(20|40|45)\s?'?\s?(GP|DV|HC|HQ|RF|OT|FR|ST)\b/i.exec(near);
      const n = containers.length;
      containers.push({ number: num, seal: seal ? seal[1]! : null, sizeType: size ? `${size[1]}${size[2]!.toUpperCase()}` : null });
      rec.put(`containers[${n}].number`, num, 0.95, sourceOf(line));
      rec.put(`containers[${n}].seal`, containers[n]!.seal, 0.8, sourceOf(line));
      rec.put(`containers[${n}].sizeType`, containers[n]!.sizeType, 0.7, sourceOf(line));
    }
  });

  const pkgHit =
    findAnyLabel(lines, [/(?:total )?(?:no\.? of |number of )?(?:packages|pkgs|cartons|pieces)(?: and kind)?/], (v) => /\d/.test(v)) ??
    (() => {
      const line = lines.find((l) => /\b\d[\d,.]*\s*(?:cartons?|ctns|packages|pallets|pkgs|cases)\b/i.test(l.text));
      return line ? { value: line.text, confidence: 0.7, source: sourceOf(line), index: 0 } : null;
    })();
  const pkg = pkgHit ? packageCount(pkgHit.value, ctx) : null;
  const packages = pkg && pkgHit ? rec.put("packages", pkg.count, pkgHit.confidence, pkgHit.source) : null;
  const packageKind = pkg && pkgHit ? rec.put("packageKind", pkg.kind, pkgHit.confidence, pkgHit.source) : null;
  const gwHit = findAnyLabel(lines, [/gross weight|g\.\s?w\.?|gross wt\.?|weight/], (v) => findNumbers(v, ctx).length > 0);
  let grossWeightKg = gwHit ? rec.put("grossWeightKg", weightKg(gwHit.value, ctx), gwHit.confidence, gwHit.source) : null;
  const kgLine = lines.find((l) => /\d[\d,.]*\s*(?:kgs?|lbs)\b/i.test(l.text));
  if (grossWeightKg === null && kgLine) {
    // Tabular B/Ls print the weight under a column header: take the number written with its unit.
    const m = /(\d[\d,.]*\s*(?:kgs?|lbs))\b/i.exec(kgLine.text)!;
    grossWeightKg = rec.put("grossWeightKg", weightKg(m[1]!, ctx), 0.75, sourceOf(kgLine));
  }
  const volHit = findAnyLabel(lines, [/measurement|volume|cbm/], (v) => findNumbers(v, ctx).length > 0);
  let volumeM3 = volHit ? rec.put("volumeM3", findNumbers(volHit.value, ctx)[0]!.value, volHit.confidence, volHit.source) : null;
  const cbmLine = lines.find((l) => /\d[\d,.]*\s*(?:cbm|m3|m³)\b/i.test(l.text));
  if (volumeM3 === null && cbmLine) {
    const m = /(\d[\d,.]*)\s*(?:cbm|m3|m³)\b/i.exec(cbmLine.text)!;
    volumeM3 = rec.put("volumeM3", findNumbers(m[1]!, ctx)[0]?.value ?? null, 0.75, sourceOf(cbmLine));
  }
  const dateOfIssue = field("dateOfIssue", [/(?:place and )?date of issue|issue date|date issued|issued on|executed on|date/], hasDate, date);
  const onBoardDate = field("onBoardDate", [/(?:shipped |laden )?on board(?: date)?|date of (?:shipment|departure)|departure date|flight date|etd/], hasDate, date);
  const freightLine = lines.find((l) => /\bfreight\s*(?:prepaid|collect)\b|\b(?:prepaid|collect)\b/i.test(l.text));
  const freightTerms = freightLine
    ? rec.put("freightTerms", /prepaid/i.test(freightLine.text) ? "prepaid" : "collect", 0.8, sourceOf(freightLine))
    : null;
  const goods = field("goodsDescription", [/description of (?:goods|packages and goods)|description|said to contain|stc/], (v) => /[A-Za-z]{3}/.test(v) && !/weight|measurement|packages|marks/i.test(v));

  const data: BillOfLadingData = {
    type: "bill_of_lading",
    documentKind,
    billOfLadingNumber: number,
    bookingNumber: booking,
    carrier: { name: carrierName, scac },
    vessel,
    voyage,
    flight,
    portOfLoading,
    portOfDischarge,
    placeOfReceipt,
    placeOfDelivery,
    shipper,
    consignee,
    notifyParty,
    containers,
    packages,
    packageKind,
    grossWeightKg,
    volumeM3,
    dateOfIssue,
    onBoardDate,
    freightTerms,
    goodsDescription: goods,
  };
  return { data, rec };
}
