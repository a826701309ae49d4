/**
 * A second set of utterances, written after the offline model's rules and not used to tune them.
 * The agent benchmark reports the model's accuracy on this set, so the figure says how it does on
 * phrasings it was not fitted to. Do not adjust the rules to pass these; add failures to
 * utterances.ts instead when fixing them, and write new held-out ones. Two expectations changed
 * after the first run because the design changed, not to pass them: codes go to lookup_hts once
 * that tool existed, and a whole chapter is declined rather than word-searched.
 */
import type { Utterance } from "./utterances.ts";

export const HELD_OUT: Utterance[] = [
  { text: "Can you tell me the classification for aluminum window frames?", tool: "classify_product", args: { description: "aluminum window frames" } },
  { text: "need an HTS number for dog chew toys made of rubber", tool: "classify_product" },
  { text: "What tariff code applies to solar panels from Malaysia?", tool: "classify_product", args: { origin: "MY" } },
  { text: "classify organic green tea in 3g bags, origin Japan", tool: "classify_product", args: { origin: "JP" } },
  { text: "what's the rate of duty on 4202.21.9000 from France, value 25,000 EUR", tool: "calculate_duty", args: { lines: [{ hts: "4202.21.9000", origin: "FR", value: "25000", currency: "EUR" }] } },
  { text: "Estimate duties: HTS 9401.61.6011, Vietnam, $40,000, 200 pcs", tool: "calculate_duty", args: { lines: [{ hts: "9401.61.6011", origin: "VN", value: "40000", qty: "200:No." }] } },
  { text: "how much will we owe on 8517.62.0090 shipped from Taiwan, $125,000?", tool: "calculate_duty", args: { lines: [{ hts: "8517.62.0090", origin: "TW", value: "125000" }] } },
  { text: "duty for 2,000 kg of Indian basmati rice, value $3,600", tool: "classify_product", args: { origin: "IN" } },
  { text: "What duties apply to German kitchen knives worth 12,000 dollars?", tool: "classify_product", args: { origin: "DE" } },
  { text: "are there rulings on heated jackets with batteries?", tool: "search_rulings" },
  { text: "look for CBP rulings on yoga mats from 2025", tool: "search_rulings", args: { dateFrom: "2025-01-01" } },
  { text: "pull up rulings for 6204.62", tool: "search_rulings", args: { codePrefix: "6204.62" } },
  { text: "browse the HTS for garden hoses", tool: "search_tariff" },
  { text: "what's in chapter 95?", tool: null, answerContains: "cannot list a whole chapter" },
  { text: "6912.00", tool: "lookup_hts", args: { code: "6912.00" } },
  { text: "hi there", tool: null, answerContains: "I can help" },
  { text: "who won the game last night", tool: null, answerContains: "I can help" },
  { text: "submit the entry", tool: null, answerContains: "no draft in this thread" },
  { text: "duty on 6110.20.2079 from Vietnam", tool: null, answerContains: "customs value" },
  { text: "classify", tool: null, answerContains: "Tell me what the product is" },
];

/** A second held-out set, written after every rule of the offline model (2026-11-21 12:20 UTC). */
export const HELD_OUT_2: Utterance[] = [
  { text: "pls classify stainless steel water bottles, vacuum insulated", tool: "classify_product", args: { description: "stainless steel water bottles vacuum insulated" } },
  { text: "What's the right code for kids' plastic building blocks from Denmark?", tool: "classify_product", args: { origin: "DK" } },
  { text: "Need HTS for men's cotton denim jeans, woven", tool: "classify_product" },
  { text: "duties on 8517.13.0000 from Vietnam, invoice USD 250,000", tool: "calculate_duty", args: { lines: [{ hts: "8517.13.0000", origin: "VN", value: "250000" }] } },
  { text: "tariff on 9401.71.0011 from China at $18,500, arriving by ocean", tool: "calculate_duty", args: { lines: [{ hts: "9401.71.0011", origin: "CN", value: "18500" }], mode: "vessel" } },
  { text: "how much duty for 2204.21.5040 from Chile 6,000 liters $30,000 under the FTA", tool: "calculate_duty", args: { lines: [{ hts: "2204.21.5040", origin: "CL", value: "30000", program: "CL" }] } },
  { text: "What would we pay on Vietnamese wooden bedroom furniture worth $45,000?", tool: "classify_product", args: { origin: "VN" } },
  { text: "duty for leather belts from India, $2,500", tool: "classify_product", args: { origin: "IN" } },
  { text: "CBP rulings on smart watches", tool: "search_rulings" },
  { text: "any rulings about tents since 2025?", tool: "search_rulings", args: { dateFrom: "2025-01-01" } },
  { text: "rulings under 9503.00 for plush toys", tool: "search_rulings", args: { codePrefix: "9503.00" } },
  { text: "search the tariff for umbrellas", tool: "search_tariff" },
  { text: "what is 6402.99.4060?", tool: "lookup_hts", args: { code: "6402.99.4060" } },
  { text: "is 9999.99.9999 valid", tool: "lookup_hts" },
  { text: "good morning", tool: null, answerContains: "I can help" },
  { text: "tell me a joke", tool: null, answerContains: "I can help" },
  { text: "approve draft 1234", tool: null, answerContains: "I cannot approve" },
  { text: "change line 1 origin to Mexico", tool: null, answerContains: "no draft in this thread" },
  { text: "duty on 6110.20.2079, $5,000", tool: null, answerContains: "the country of origin" },
  { text: "draft the entry", tool: "draft_declaration" },
];

