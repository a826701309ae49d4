/**
 * Renders a draft as a PDF laid out after CBP Form 7501's numbered blocks, for the broker to review
 * and for the filing package. It is marked DRAFT and carries the draft id, version and content hash
 * so a printed copy can be matched to the exact version approved. Uses pdfkit's built-in Helvetica,
 * so no font files are needed.
 */
import type { EntryDraft } from "../domain/entry/model.ts";

/** Identifies the version printed. */
export interface PdfMeta {
  draftId: string;
  version: number;
  status: string;
  contentHash: string;
}

const PAGE = { width: 612, height: 792, margin: 30 };
const INNER = PAGE.width - 2 * PAGE.margin;

type Doc = PDFKit.PDFDocument;

/** One labelled block: the number and title small on top, the value below. */
function block(doc: Doc, x: number, y: number, w: number, h: number, label: string, value: string | null | undefined): void {
  doc.rect(x, y, w, h).lineWidth(0.5).stroke();
  doc.font("Helvetica").fontSize(6).text(label, x + 2, y + 2, { width: w - 4, lineBreak: false });
  doc
    .font("Helvetica-Bold")
    .fontSize(8)
    .text(value && value !== "" ? value : "—", x + 2, y + 11, { width: w - 4, height: h - 12, ellipsis: true });
}

function party(p: EntryDraft["header"]["importerOfRecord"]): string {
  return p ? [p.name, p.address, p.country].filter(Boolean).join(", ") : "";
}

type PdfKitCtor = new (options?: PDFKit.PDFDocumentOptions) => PDFKit.PDFDocument;
let pdfkit: Promise<PdfKitCtor> | undefined;

/** Renders the draft; resolves to the PDF bytes. */
export async function renderDraftPdf(draft: EntryDraft, meta: PdfMeta): Promise<Uint8Array> {
  // Loaded on first use: most processes (and the server's start-up) never render a PDF.
  const PDFDocument = await (pdfkit ??= import("pdfkit").then((m) => m.default as unknown as PdfKitCtor));
  const doc = new PDFDocument({ size: "LETTER", margin: PAGE.margin, info: { Title: `Entry summary draft ${meta.draftId} v${meta.version}` } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
  });

  const h = draft.header;
  const x0 = PAGE.margin;
  let y = PAGE.margin;
  doc.font("Helvetica-Bold").fontSize(12).text("ENTRY SUMMARY (CBP Form 7501 data) - DRAFT, NOT FILED", x0, y, { width: INNER });
  y += 16;
  const metaText = `Draft ${meta.draftId}  version ${meta.version}  status ${meta.status}  content SHA-256 ${meta.contentHash}`;
  doc.font("Helvetica").fontSize(7);
  const metaHeight = doc.heightOfString(metaText, { width: INNER });
  doc.text(metaText, x0, y, { width: INNER });
  y += metaHeight + 4;

  const row = (cells: [number, string, string | null | undefined][], height = 26): void => {
    let x = x0;
    for (const [fraction, label, value] of cells) {
      const w = INNER * fraction;
      block(doc, x, y, w, height, label, value);
      x += w;
    }
    y += height;
  };
  row([
    [0.25, "1. Filer Code/Entry No.", "(assigned at filing)"],
    [0.15, "2. Entry Type", h.entryType],
    [0.2, "3. Summary Date", null],
    [0.2, "6. Port Code", h.portOfEntry],
    [0.2, "7. Entry Date", h.entryDate],
  ]);
  row([
    [0.3, "8. Importing Carrier", h.importingCarrier],
    [0.15, "9. Mode of Transport", h.modeOfTransport],
    [0.2, "10. Country of Origin", h.countryOfOrigin],
    [0.35, "11. Import Date", h.importDate],
  ]);
  row([
    [0.35, "12. B/L or AWB No.", h.billOfLading],
    [0.3, "13. Manufacturer ID", h.manufacturerId],
    [0.15, "14. Exporting Country", h.exportingCountry],
    [0.2, "15. Export Date", h.exportDate],
  ]);
  row([
    [0.35, "19. Foreign Port of Lading", h.foreignPortOfLading],
    [0.35, "20. U.S. Port of Unlading", h.usPortOfUnlading],
    [0.3, "24. Reference No.", h.referenceNumber],
  ]);
  row([
    [0.5, "23. Importer No.", h.importerNumber],
    [0.5, "Currency", h.currency],
  ]);
  row(
    [
      [0.5, "25. Ultimate Consignee Name and Address", party(h.ultimateConsignee)],
      [0.5, "26. Importer of Record Name and Address", party(h.importerOfRecord)],
    ],
    36,
  );

  // Line items (blocks 27-34).
  y += 6;
  const cols: [number, string][] = [
    [0.06, "27. Line"],
    [0.24, "28. Description"],
    [0.17, "29. HTSUS No. / Ch. 99 / AD-CVD"],
    [0.1, "30. Gross Wt (kg)"],
    [0.1, "31. Net Qty"],
    [0.13, "32. Entered Value / Rel."],
    [0.1, "33. Rate"],
    [0.1, "34. Duty"],
  ];
  const header = (): void => {
    row(cols.map(([f, l]) => [f, l, " "] as [number, string, string]), 16);
  };
  header();
  for (const line of draft.lines) {
    const hts = [line.hts ?? "(missing)", ...line.chapter99.map((c) => c.heading), line.adcvdCase ? `AD/CVD ${line.adcvdCase}` : ""]
      .filter(Boolean)
      .join("\n");
    const rates = [line.rate ?? "", ...line.chapter99.map((c) => c.rate)].filter(Boolean).join("\n");
    const duties = [line.duty ?? "", ...line.chapter99.map((c) => c.amount)].filter(Boolean).join("\n");
    const height = 14 + 10 * Math.max(1, line.chapter99.length + 1, Math.ceil(line.description.length / 40));
    if (y + height > PAGE.height - 160) {
      doc.addPage();
      y = PAGE.margin;
      header();
    }
    let x = x0;
    const values = [
      String(line.lineNumber),
      line.description,
      hts,
      line.grossWeightKg ?? "",
      line.netQuantity ? `${line.netQuantity.value} ${line.netQuantity.unit}` : "",
      [line.enteredValue ?? "", line.relationship === "related" ? "Y (related)" : line.relationship === "not_related" ? "N" : ""].join("\n"),
      rates,
      duties,
    ];
    cols.forEach(([f], i) => {
      const w = INNER * f;
      doc.rect(x, y, w, height).lineWidth(0.5).stroke();
      doc.font("Helvetica").fontSize(7).text(values[i] ?? "", x + 2, y + 3, { width: w - 4, height: height - 4 });
      x += w;
    });
    y += height;
  }

  // Fees and totals (blocks 35-40).
  if (y > PAGE.height - 170) {
    doc.addPage();
    y = PAGE.margin;
  }
  y += 6;
  const fees = draft.fees.map((f) => `${f.code} ${f.name}: ${f.amount}`).join("\n");
  row(
    [
      [0.4, "Other Fee Summary (for Block 39)", fees],
      [0.2, "35. Total Entered Value", draft.totals.enteredValue],
      [0.1, "37. Duty", draft.totals.duty],
      [0.1, "38. Tax", draft.totals.tax],
      [0.1, "39. Other", draft.totals.other],
      [0.1, "40. Total", draft.totals.total],
    ],
    40,
  );

  if (draft.warnings.length > 0) {
    y += 8;
    doc.font("Helvetica-Bold").fontSize(9).text("Warnings for the broker", x0, y, { width: INNER });
    doc.font("Helvetica").fontSize(7);
    for (const w of draft.warnings) {
      doc.text(`[${w.code}] ${w.message}`, { width: INNER });
    }
  }
  if (draft.notes.length > 0) {
    doc.moveDown(0.5);
    doc.font("Helvetica-Bold").fontSize(9).text("Notes", x0, undefined, { width: INNER });
    doc.font("Helvetica").fontSize(7);
    for (const n of draft.notes) doc.text(`- ${n}`, { width: INNER });
  }
  doc.end();
  return done;
}
