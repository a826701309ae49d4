/**
 * Labels damaged by OCR are matched to the label dictionary before the layout is read, so the
 * fields behind them are found; values are left as read.
 */
import { describe, expect, it } from "vitest";
import { classifyDocument } from "../../src/documents/classify.ts";
import { extractByLayout } from "../../src/documents/extract.ts";
import { loadLabelDictionary } from "../../src/documents/label-dictionary.ts";
import { buildLayout, pageTexts } from "../../src/documents/layout.ts";
import { editDistance, nearestLabel, repairLabels } from "../../src/documents/ocr-repair.ts";
import { inferContext } from "../../src/documents/parse-values.ts";
import type { BillOfLadingData } from "../../src/documents/schemas.ts";
import { wordsFromText } from "../../src/documents/words.ts";
import { loadCountries } from "../../src/domain/countries.ts";
import { testConfig } from "./helpers.ts";

const config = testConfig();
const dict = loadLabelDictionary(config.knowledgeDir);

describe("OCR label repair", () => {
  it("measures edit distance and gives up past the limit", () => {
    expect(editDistance("conagnee", "consignee", 3)).toBe(2);
    expect(editDistance("kitten", "sitting", 3)).toBe(3);
    expect(editDistance("abc", "xyzxyz", 2)).toBe(3);
  });

  it("maps damaged labels to the dictionary's and leaves values and intact labels alone", () => {
    expect(nearestLabel(["C0NSIGNEE"], dict)?.label).toBe("consignee");
    expect(nearestLabel(["Conagnee"], dict)?.label).toBe("consignee");
    expect(nearestLabel(["Port", "of", "Dschage"], dict)).toEqual({ label: "port of discharge", words: 3 });
    expect(nearestLabel(["BlLL", "OF", "LADlNG"], dict)?.label).toBe("bill of lading");
    expect(nearestLabel(["Consignee"], dict)).toBeNull();
    expect(nearestLabel(["Sierra", "Outdoor", "Supply", "Co."], dict)).toBeNull();
    expect(nearestLabel(["MSKU2816616"], dict)).toBeNull();
  });

  it("does not turn the first word of a name into a label", () => {
    const layout = repairLabels(buildLayout(wordsFromText(["Manufacture Durand SARL\nC0NSIGNEE:  Sierra Outdoor Supply Co."])), dict);
    expect(pageTexts(layout)[0]).toBe("Manufacture Durand SARL\nconsignee:  Sierra Outdoor Supply Co.\n");
  });

  it("lets a bill of lading with OCR-damaged title and labels be classified and read", () => {
    const text = [
      "BlLL OF LADlNG",
      "",
      "Shpper / Exporter",
      "Dhaka Knit Composite Ltd.",
      "Plot 45, Ashulia Road, Savar",
      "Dhaka 1340, Bangladesh",
      "",
      "C0NSIGNEE                             Natty Party",
      "Sierra Outdoor Supply Co.             Great Lakes Home Goods LLC",
      "3100 Industrial Way                   700 W Lake Street",
      "Reno, NV 89502, USA                   Chicago, IL 60661, USA",
      "",
      "| Port of Loadmg                      Port of Dschage",
      "Ningbo                                New York",
    ].join("\n");
    const raw = buildLayout(wordsFromText([text]));
    const fixed = repairLabels(raw, dict);
    expect(classifyDocument(pageTexts(raw).join("\n")).type).not.toBe("bill_of_lading");
    expect(classifyDocument(pageTexts(fixed).join("\n")).type).toBe("bill_of_lading");
    const env = { countries: loadCountries(config.knowledgeDir), knowledgeDir: config.knowledgeDir, ctx: inferContext(text, null) };
    const bl = extractByLayout("bill_of_lading", fixed, env).data as BillOfLadingData;
    expect(bl.consignee.name).toBe("Sierra Outdoor Supply Co.");
    expect(bl.notifyParty.name).toBe("Great Lakes Home Goods LLC");
    expect(bl.portOfLoading).toBe("Ningbo");
    expect(bl.portOfDischarge).toBe("New York");
    expect(bl.shipper.name).toBe("Dhaka Knit Composite Ltd.");
    const before = extractByLayout("bill_of_lading", raw, env).data as BillOfLadingData;
    expect(before.consignee.name).not.toBe("Sierra Outdoor Supply Co.");
  });
});
