/**
 * Entry point of document extraction: load (text layer, OCR or plain text), classify, run the
 * offline extractor, optionally the LLM extractor with reconciliation, then validate. This is
 * the function other parts of Tollgate call.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Config } from "../config.ts";
import { loadCountries } from "../domain/countries.ts";
import { classifyDocument } from "./classify.ts";
import { extractBillOfLading } from "./extract-bill-of-lading.ts";
import { extractInvoice, type ExtractorEnv } from "./extract-invoice.ts";
import { extractPackingList } from "./extract-packing-list.ts";
import { loadLabelDictionary } from "./label-dictionary.ts";
import { pageTexts, type Layout } from "./layout.ts";
import { layoutBillOfLading, layoutInvoice, layoutPackingList } from "./layout-extract.ts";
import { extractWithLlm, reconcile } from "./llm-extractor.ts";
import { loadDocument, type DocLine, type DocumentInput } from "./load.ts";
import { repairLabels } from "./ocr-repair.ts";
import { inferContext } from "./parse-values.ts";
import { FieldRecorder } from "./recorder.ts";
import { EXTRACTION_SCHEMA_VERSION, type DocumentData, type DocumentType, type ExtractionResult } from "./schemas.ts";
import { validateDocument } from "./validate.ts";

/** Input of {@link extractDocument}. */
export interface ExtractInput extends DocumentInput {
  /** Overrides type detection when the caller knows the type. */
  typeHint?: Exclude<DocumentType, "other">;
}

/** Dependencies of {@link extractDocument}: configuration and, optionally, a chat model. */
export interface ExtractDeps {
  config: Config;
  model?: BaseChatModel;
}

/** Runs the line-pattern extractor for a type over already-loaded lines (the fallback reader). */
export function extractByLines(type: Exclude<DocumentType, "other">, lines: DocLine[], env: ExtractorEnv): { data: DocumentData; rec: FieldRecorder } {
  if (type === "invoice") return extractInvoice(lines, env);
  if (type === "packing_list") return extractPackingList(lines, env);
  return extractBillOfLading(lines, env);
}

/** Runs the layout extractor for a type. */
export function extractByLayout(type: Exclude<DocumentType, "other">, layout: Layout, env: ExtractorEnv): { data: DocumentData; rec: FieldRecorder } {
  const lenv = { ...env, dict: loadLabelDictionary(env.knowledgeDir) };
  if (type === "invoice") return layoutInvoice(layout, lenv);
  if (type === "packing_list") return layoutPackingList(layout, lenv);
  return layoutBillOfLading(layout, lenv);
}

type Json = unknown;
/**
 * Fills what the layout reading left empty from the line-pattern reading, field by field (lists
 * as a whole, when the layout found none). The line reader stays as a fallback because some
 * documents carry values in running text ("Payment: 30 days net, bank transfer") or in
 * "Item 1: / Quantity: ..." blocks that have no geometry to read.
 */
function fillFrom(primary: Json, fallback: Json, path: string, prov: Record<string, FieldRecorder["provenance"][string]>, fbProv: FieldRecorder["provenance"]): Json {
  if (Array.isArray(primary)) {
    // Same rows read both ways: fill each row's gaps (a unit or part number the table missed).
    if (Array.isArray(fallback) && primary.length > 0 && primary.length === fallback.length) return primary.map((x, i) => fillFrom(x, fallback[i], `${path}[${i}]`, prov, fbProv));
    if (primary.length > 0 || !Array.isArray(fallback) || fallback.length === 0) return primary;
    for (const [k, v] of Object.entries(fbProv)) if (k.startsWith(`${path}[`)) prov[k] = v;
    return fallback;
  }
  if (primary && typeof primary === "object") {
    const out: Record<string, Json> = { ...(primary as Record<string, Json>) };
    const fb = (fallback && typeof fallback === "object" ? fallback : {}) as Record<string, Json>;
    for (const k of Object.keys(fb)) out[k] = fillFrom(out[k] ?? null, fb[k], path ? `${path}.${k}` : k, prov, fbProv);
    return out;
  }
  if ((primary === null || primary === undefined) && fallback !== null && fallback !== undefined) {
    if (fbProv[path]) prov[path] = fbProv[path]!;
    return fallback;
  }
  return primary;
}

/** The offline reading: layout first, the line-pattern reader filling its gaps. */
export function extractOffline(type: Exclude<DocumentType, "other">, lines: DocLine[], env: ExtractorEnv, layout?: Layout): { data: DocumentData; rec: FieldRecorder } {
  const byLines = extractByLines(type, lines, env);
  if (!layout || layout.lines.length === 0) return byLines;
  const byLayout = extractByLayout(type, layout, env);
  const rec = new FieldRecorder();
  Object.assign(rec.provenance, byLayout.rec.provenance);
  const data = fillFrom(byLayout.data, byLines.data, "", rec.provenance, byLines.rec.provenance) as DocumentData;
  return { data, rec };
}

/** Extracts structured, validated data from one document. */
export async function extractDocument(input: ExtractInput, deps: ExtractDeps): Promise<ExtractionResult> {
  const { config, model } = deps;
  const doc = await loadDocument(input, config);
  // Labels and titles damaged by OCR are repaired first: classification and every field need them.
  if (doc.method === "ocr") doc.layout = repairLabels(doc.layout, loadLabelDictionary(config.knowledgeDir));
  // For OCR the words grouped by geometry are read too: tesseract's own text may order or split
  // a form's boxes so that its title and labels no longer stand together.
  const fullText = doc.method === "ocr" ? `${doc.pages.join("\n")}\n${pageTexts(doc.layout).join("\n")}` : doc.pages.join("\n");
  const countries = loadCountries(config.knowledgeDir);
  const classification = input.typeHint
    ? { type: input.typeHint, confidence: 1, reason: "type given by the caller" }
    : classifyDocument(fullText);
  const result: ExtractionResult = {
    schemaVersion: EXTRACTION_SCHEMA_VERSION,
    type: classification.type,
    typeReason: classification.reason,
    typeConfidence: classification.confidence,
    method: doc.method,
    pages: doc.pages.length,
    filename: input.filename ?? null,
    data: null,
    provenance: {},
    warnings: [],
    extractors: ["offline"],
  };
  if (classification.type === "other") return result;
  const countryHint = countries.find(fullText.slice(0, 1500))?.code ?? null;
  const env: ExtractorEnv = { countries, knowledgeDir: config.knowledgeDir, ctx: inferContext(fullText, countryHint) };
  const offline = extractOffline(classification.type, doc.lines, env, doc.layout);
  // OCR text is less certain than a text layer: scale confidences by what tesseract reported.
  const scale = doc.method === "ocr" ? Math.min(1, 0.5 + (doc.ocrConfidence ?? 0.5) / 2) : 1;
  for (const p of Object.values(offline.rec.provenance)) p.confidence = Math.round(p.confidence * scale * 100) / 100;
  result.data = offline.data;
  result.provenance = offline.rec.provenance;
  if (model) {
    try {
      const llm = await extractWithLlm(classification.type, doc.pages, model);
      const merged = reconcile(offline.data, offline.rec.provenance, llm, env);
      result.data = merged.data;
      result.provenance = merged.provenance;
      result.warnings.push(...merged.warnings);
      result.extractors.push("llm");
    } catch (err) {
      // The offline result stands on its own; a model failure is reported, not fatal.
      result.warnings.push(`LLM extractor failed, offline result kept: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  result.warnings.push(...validateDocument(result.data!));
  return result;
}
