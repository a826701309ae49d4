/**
 * The layout reader of bills of lading and waybills: references, carrier and SCAC, vessel and
 * ports, parties, containers (ISO 6346) with seals, packages, weight, volume, dates and freight terms.
 */
import { findContainers, isScacShape } from "./checks.ts";
import type { Layout } from "./layout.ts";
import { findField, sourceOfLine } from "./layout-fields.ts";
import { findDates, findNumbers } from "./parse-values.ts";
import { FieldRecorder } from "./recorder.ts";
import { emptyParty, type BillOfLadingData } from "./schemas.ts";
import { packageCount, weightKg } from "./weights.ts";
import { hasDate, parties, type LayoutEnv } from "./layout-common.ts";

/** Extracts a bill of lading from the layout. */
export function layoutBillOfLading(layout: Layout, env: LayoutEnv): { data: BillOfLadingData; rec: FieldRecorder } {
  const rec = new FieldRecorder();
  const { ctx, dict } = env;
  const f = (path: string, keys: string[], accept: (v: string) => boolean, map: (v: string) => string | null = (v) => v.trim()) => {
    const hit = findField(layout, dict, keys, accept);
    return hit ? rec.put(path, map(hit.value), hit.confidence, hit.source) : null;
  };
  const token = (v: string) => v.replace(/^[#:.\s]+/, "").split(/\s+/)[0]!;
  const text = layout.lines.map((l) => l.text).join("\n");
  const documentKind = /air\s*waybill|airway\s*bill|\bawb\b/i.test(text) ? "air_waybill" : /sea\s*waybill/i.test(text) ? "sea_waybill" : "bill_of_lading";
  const number = f("billOfLadingNumber", ["billOfLadingNumber"], (v) => /\d{4,}/.test(v), token);
  const booking = f("bookingNumber", ["bookingNumber"], (v) => /\d{4,}/.test(v), token);
  const carrierName = f("carrier.name", ["carrier"], (v) => /[A-Za-z]{3}/.test(v));
  let scac = f("carrier.scac", ["scac"], (v) => isScacShape(v.trim().split(/\s/)[0]!.toUpperCase()), (v) => v.trim().split(/\s/)[0]!.toUpperCase());
  if (!scac && number && /^[A-Z]{4}\d/.test(number) && documentKind !== "air_waybill") scac = rec.put("carrier.scac", number.slice(0, 4), 0.5, rec.provenance.billOfLadingNumber?.source ?? null);
  let vessel = f("vessel", ["vessel"], (v) => /[A-Za-z]{2}/.test(v));
  let voyage = f("voyage", ["voyage"], (v) => /\d/.test(v), token);
  if (vessel) {
    const m = /^(.*?)\s*(?:\/|\bV\.|\bVOY\.?)\s*([A-Z0-9-]+)\s*$/i.exec(vessel);
    if (m && /\d/.test(m[2]!)) {
      vessel = rec.put("vessel", m[1]!.trim(), 0.85, rec.provenance.vessel!.source);
      voyage = voyage ?? rec.put("voyage", m[2]!, 0.85, rec.provenance.vessel!.source);
    }
  }
  const place = (v: string) => /[A-Za-z]{3}/.test(v) && !dict.isLabel(v);
  // OCR reads a capital L at the start of a place name as "1." or "I." ("1.OS ANGELES").
  const cleanPlace = (v: string) => v.trim().replace(/^(?:1\.|I\.|\|\.?)(?=[A-Z]{2})/, "L");
  const portOfLoading = f("portOfLoading", ["portOfLoading"], place, cleanPlace);
  const portOfDischarge = f("portOfDischarge", ["portOfDischarge"], place, cleanPlace);
  const placeOfReceipt = f("placeOfReceipt", ["placeOfReceipt"], place, cleanPlace);
  const placeOfDelivery = f("placeOfDelivery", ["placeOfDelivery"], place, cleanPlace);
  const p = parties(layout, env, rec, [["shipper", ["seller"]], ["consignee", ["buyer"]], ["notifyParty", ["notifyParty"]]]);
  const containers: BillOfLadingData["containers"] = [];
  const seen = new Set<string>();
  layout.lines.forEach((line, li) => {
    for (const c of findContainers(line.text)) {
      if (seen.has(c.number)) continue;
      seen.add(c.number);
      const after = line.text.slice(c.index + c.length);
      const next = layout.lines[li + 1]?.page === line.page ? (layout.lines[li + 1]?.text ?? "") : "";
      const seal = /^\s*(?:\/|\s)\s*([A-Z]{0,4}-?\d{5,}[A-Z]?)\b/.exec(after) ?? /seal\s*(?:no\.?|#|number)?\s*[:.]?\s*([A-Z0-9-]{5,})/i.exec(`${after} ${next}`);
      const size = /\b(20|40|45)\s?'?\s?(GP|DV|HC|HQ|RF|OT|FR|ST)\b/i.exec(`${after} ${next}`);
      const n = containers.length;
      containers.push({ number: c.number, seal: seal ? seal[1]! : null, sizeType: size ? `${size[1]}${size[2]!.toUpperCase()}` : null });
      rec.put(`containers[${n}].number`, c.number, 0.95, sourceOfLine(line));
      rec.put(`containers[${n}].seal`, containers[n]!.seal, 0.8, sourceOfLine(line));
      rec.put(`containers[${n}].sizeType`, containers[n]!.sizeType, 0.7, sourceOfLine(line));
    }
  });
  const pkgLine = layout.lines.find((l) => /\b\d[\d,.]*\s*(?:cartons?|ctns|packages|pallets|pkgs|cases|bales|rolls|drums)\b/i.test(l.text));
  const pkgHit = findField(layout, dict, ["packages"], (v) => /\d/.test(v));
  const pkgText = pkgHit?.value ?? (pkgLine ? /\b\d[\d,.]*\s*(?:cartons?|ctns|packages|pallets|pkgs|cases|bales|rolls|drums)\b/i.exec(pkgLine.text)![0] : null);
  const pkg = pkgText ? packageCount(pkgText, ctx) : null;
  const pkgSrc = pkgHit?.source ?? (pkgLine ? sourceOfLine(pkgLine) : null);
  const packages = pkg ? rec.put("packages", pkg.count, 0.8, pkgSrc) : null;
  const packageKind = pkg ? rec.put("packageKind", pkg.kind, 0.8, pkgSrc) : null;
  const kgLine = layout.lines.find((l) => /\d[\d,.]*\s*(?:kgs?|lbs)\b/i.test(l.text));
  const gwHit = findField(layout, dict, ["grossWeight"], (v) => /\d/.test(v));
  const gwText = gwHit?.value ?? (kgLine ? /\d[\d,.]*\s*(?:kgs?|lbs)\b/i.exec(kgLine.text)![0] : null);
  const grossWeightKg = gwText ? rec.put("grossWeightKg", weightKg(gwText, ctx), 0.8, gwHit?.source ?? (kgLine ? sourceOfLine(kgLine) : null)) : null;
  const cbmLine = layout.lines.find((l) => /\d[\d,.]*\s*(?:cbm|m3|m³)\b/i.test(l.text));
  const volHit = findField(layout, dict, ["volume"], (v) => /\d/.test(v));
  const volText = volHit?.value ?? (cbmLine ? /\d[\d,.]*\s*(?:cbm|m3|m³)\b/i.exec(cbmLine.text)![0] : null);
  const volumeM3 = volText ? rec.put("volumeM3", findNumbers(volText, ctx)[0]?.value ?? null, 0.8, volHit?.source ?? (cbmLine ? sourceOfLine(cbmLine) : null)) : null;
  const date = (v: string) => findDates(v, ctx)[0]?.iso ?? null;
  const onBoardDate = f("onBoardDate", ["onBoardDate"], hasDate(ctx), date);
  const dateOfIssue = f("dateOfIssue", ["dateOfIssue"], hasDate(ctx), date);
  const freightLine = layout.lines.find((l) => /\bfreight\s*(?:prepaid|collect)\b|\b(?:prepaid|collect)\b/i.test(l.text));
  const freightTerms = freightLine ? rec.put("freightTerms", /prepaid/i.test(freightLine.text) ? "prepaid" : "collect", 0.8, sourceOfLine(freightLine)) : null;
  const data: BillOfLadingData = {
    type: "bill_of_lading",
    documentKind,
    billOfLadingNumber: number,
    bookingNumber: booking,
    carrier: { name: carrierName, scac },
    vessel,
    voyage,
    flight: null,
    portOfLoading,
    portOfDischarge,
    placeOfReceipt,
    placeOfDelivery,
    shipper: p.shipper ?? emptyParty(),
    consignee: p.consignee ?? emptyParty(),
    notifyParty: p.notifyParty ?? emptyParty(),
    containers,
    packages,
    packageKind,
    grossWeightKg,
    volumeM3,
    dateOfIssue,
    onBoardDate,
    freightTerms,
    goodsDescription: null,
  };
  return { data, rec };
}
