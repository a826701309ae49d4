/**
 * Test utterances for the offline model's intent recognition and argument extraction: what a user
 * writes, and the first tool call it should produce (or none, with the text the answer must
 * contain). Written as brokers and shippers phrase requests, not as the rules are written.
 */

/** One utterance and what the offline model should do with it in a fresh thread. */
export interface Utterance {
  text: string;
  /** Expected first tool call, or null for an answer without tools. */
  tool: string | null;
  /** Arguments the call must include (partial match). */
  args?: Record<string, unknown>;
  /** For tool: null, text the answer must contain. */
  answerContains?: string;
}

export const UTTERANCES: Utterance[] = [
  // classify
  { text: "Classify men's knitted cotton sweaters", tool: "classify_product", args: { description: "men's knitted cotton sweaters" } },
  { text: "What's the HTS code for stainless steel kitchen sinks?", tool: "classify_product", args: { description: "stainless steel kitchen sinks" } },
  { text: "hts code for frozen shrimp from Thailand", tool: "classify_product", args: { description: "frozen shrimp", origin: "TH" } },
  { text: "how would you classify a 3-in-1 coffee mix made in Korea", tool: "classify_product", args: { description: "3-in-1 coffee mix", origin: "KR" } },
  { text: "which heading covers lithium-ion battery packs for e-bikes?", tool: "classify_product", args: { description: "lithium-ion battery packs e-bikes" } },
  { text: "I need a tariff classification for women's leather handbags", tool: "classify_product", args: { description: "women's leather handbags" } },
  { text: "classify: wooden dining chairs, upholstered seat, Vietnamese", tool: "classify_product", args: { origin: "VN" } },
  { text: "What HS code would bluetooth earbuds fall under? They're Chinese.", tool: "classify_product", args: { origin: "CN" } },
  // duty with a code
  { text: "duty on 6110.20.2079 from Vietnam, value $12,000", tool: "calculate_duty", args: { lines: [{ hts: "6110.20.2079", origin: "VN", value: "12000" }] } },
  { text: "What duty will I pay on 8471300100 from China, USD 45,000?", tool: "calculate_duty", args: { lines: [{ hts: "8471.30.0100", origin: "CN", value: "45000" }] } },
  { text: "calculate duties for HTS 6403.99.6075 made in Italy, 300 pairs, €9,000", tool: "calculate_duty", args: { lines: [{ hts: "6403.99.6075", origin: "IT", value: "9000", currency: "EUR", qty: "300:pairs" }] } },
  { text: "duty for 7318.15.2065, origin CN, $3,000, 1,200 kg, entry date 2026-03-01", tool: "calculate_duty", args: { lines: [{ hts: "7318.15.2065", origin: "CN", qty: "1200:kg" }], entryDate: "2026-03-01" } },
  { text: "landed cost of 9403.60.8081 from Mexico worth 20k", tool: "calculate_duty", args: { lines: [{ hts: "9403.60.8081", origin: "MX", value: "20000" }] } },
  { text: "How much duty on 6109.10.0012 from Bangladesh, invoice value of 16000 dollars, entered March 3, 2026?", tool: "calculate_duty", args: { lines: [{ hts: "6109.10.0012", origin: "BD", value: "16000" }], entryDate: "2026-03-03" } },
  { text: "section 301 duty on 8504.40.9580 from China at $50,000", tool: "calculate_duty", args: { lines: [{ hts: "8504.40.9580", origin: "CN", value: "50000" }] } },
  {
    text: "duty on 6110.20.2079 from Vietnam $12,000 and 6204.62.4011 from China $5,000, 400 pcs",
    tool: "calculate_duty",
    args: { lines: [{ hts: "6110.20.2079", origin: "VN", value: "12000" }, { hts: "6204.62.4011", origin: "CN", value: "5000", qty: "400:No." }] },
  },
  {
    text: "From Mexico: 9403.60.8081 worth $20,000 and 9401.61.6011 worth $7,500 — what's the duty?",
    tool: "calculate_duty",
    args: { lines: [{ hts: "9403.60.8081", origin: "MX", value: "20000" }, { hts: "9401.61.6011", origin: "MX", value: "7500" }] },
  },
  { text: "duty on 6110.20.2079 from Vietnam $12,000 and 6204.62.4011", tool: null, answerContains: "an origin and a value for each" },
  // duty for a product (classify first)
  { text: "How much duty for 500 steel bolts from China worth $3,000?", tool: "classify_product", args: { description: "steel bolts", origin: "CN" } },
  { text: "duty on cotton t-shirts from Vietnam, $8,000", tool: "classify_product", args: { description: "cotton t-shirts", origin: "VN" } },
  { text: "what would the tariffs on Chinese ceramic floor tiles, 2000 m2, EUR 8,500 be?", tool: "classify_product", args: { description: "ceramic floor tiles", origin: "CN" } },
  // duty with missing facts: ask, do not guess
  { text: "what's the duty on 6110.20.2079?", tool: null, answerContains: "the country of origin" },
  { text: "duty on sneakers from Indonesia", tool: null, answerContains: "customs value" },
  // rulings
  { text: "rulings on LED lamps since 2024", tool: "search_rulings", args: { query: "LED lamps", dateFrom: "2024-01-01" } },
  { text: "any CBP rulings about wooden furniture?", tool: "search_rulings", args: { query: "wooden furniture" } },
  { text: "show me 3 rulings for robot vacuum cleaners", tool: "search_rulings", args: { query: "robot vacuum cleaners", k: 3 } },
  { text: "CROSS rulings under 8516.60 between 2023 and 2025", tool: "search_rulings", args: { codePrefix: "8516.60", dateFrom: "2023-01-01", dateTo: "2025-12-31" } },
  { text: "find precedent for silicone baking mats", tool: "search_rulings", args: { query: "silicone baking mats" } },
  // schedule
  { text: "search the schedule for bicycle helmets", tool: "search_tariff", args: { query: "bicycle helmets" } },
  { text: "what is heading 9506?", tool: "lookup_hts", args: { code: "9506" } },
  { text: "8471.30", tool: "lookup_hts", args: { code: "8471.30" } },
  { text: "is 6110.20.2079 still a valid code?", tool: "lookup_hts", args: { code: "6110.20.2079" } },
  { text: "look up the tariff schedule for cast iron cookware", tool: "search_tariff", args: { query: "cast iron cookware" } },
  { text: "what does subheading 6402.99 cover", tool: "lookup_hts", args: { code: "6402.99" } },
  // help and out of scope
  { text: "help", tool: null, answerContains: "I can help with US customs entries" },
  { text: "what can you do?", tool: null, answerContains: "I can help with US customs entries" },
  { text: "what's the weather in Savannah tomorrow?", tool: null, answerContains: "I can help with US customs entries" },
  { text: "write me a poem about containers", tool: null, answerContains: "I can help with US customs entries" },
  // draft operations without a draft in the thread
  { text: "file it", tool: null, answerContains: "no draft in this thread" },
  { text: "show the draft", tool: null, answerContains: "no draft in this thread" },
];
