/**
 * Golden cases worked by hand from the legal text of chapter 99 (HTSUS 2026 Revision 6: U.S. notes 16, 19, 33, 36,
 * 37, 38, 39, 52 and their 9903 headings) and the General rates of HTSUS 2026 Revision 4. Customs value $10,000
 * unless said; entry 2026-11-20 unless the case gives another (the 2025 metals headings, in force to 2026-04-05, at 2026-04-01). Each case gives the note and heading it follows and the arithmetic. Shared by
 * test/domain/duty/golden-chapter99.test.ts and `npm run eval:duty`.
 */
import type { DutyLineInput } from "../../../src/domain/duty/types.ts";

export interface Case {
  name: string;
  line: Omit<DutyLineInput, "value"> & { value?: number };
  /** [heading, amount] of every chapter 99 line, in order. */
  ch99: [string, string][];
  total: string;
  /** Open importer-only questions expected (topics), if any. */
  questions?: string[];
  /** Entry date, when not 2026-11-20 (cases of a regime that has since ended). */
  entryDate?: string;
}

export const CASES: Case[] = [
  // U.S. note 37 (wood products)
  { name: "note 37(a)-(b), 9903.76.01: softwood lumber 4407.11.0001 (Free) from Brazil: +10% = 1,000.00; note 50/52 Brazil rows excepted for 232 goods", line: { hts: "4407.11.0001", origin: "BR", qty: "10:m3" }, ch99: [["9903.76.01", "1000.00"]], total: "1000.00" },
  { name: "note 37(b), 9903.76.01: softwood from Germany: the EU wood deal covers only (d)/(f) goods, so +10% = 1,000.00", line: { hts: "4407.11.0001", origin: "DE", qty: "10:m3" }, ch99: [["9903.76.01", "1000.00"]], total: "1000.00" },
  { name: "note 37(c)-(d), 9903.76.02: upholstered wooden seat 9401.61.4011 (Free) from Vietnam: +25% = 2,500.00", line: { hts: "9401.61.4011", origin: "VN", qty: "10:No." }, ch99: [["9903.76.02", "2500.00"]], total: "2500.00" },
  { name: "note 37(j), 9903.76.22: the same from Germany (EU deal): 15% total, column 1 Free, so 1,500.00", line: { hts: "9401.61.4011", origin: "DE", qty: "10:No." }, ch99: [["9903.76.22", "1500.00"]], total: "1500.00" },
  { name: "note 37(h), 9903.76.20: the same from the UK: applicable subheading + 10% = 1,000.00", line: { hts: "9401.61.4011", origin: "GB", qty: "10:No." }, ch99: [["9903.76.20", "1000.00"]], total: "1000.00" },
  { name: "note 37(i), 9903.76.21: the same from Japan: 15% = 1,500.00", line: { hts: "9401.61.4011", origin: "JP", qty: "10:No." }, ch99: [["9903.76.21", "1500.00"]], total: "1500.00" },
  { name: "note 37(l), 9903.76.23: the same from Korea: 15% = 1,500.00", line: { hts: "9401.61.4011", origin: "KR", qty: "10:No." }, ch99: [["9903.76.23", "1500.00"]], total: "1500.00" },
  { name: "note 37(e)-(f), 9903.76.03: kitchen cabinet 9403.40.9060 from India, cabinet question open (assumed wooden): +25% = 2,500.00", line: { hts: "9403.40.9060", origin: "IN", qty: "10:No." }, ch99: [["9903.76.03", "2500.00"]], total: "2500.00", questions: ["wood-cabinet"] },
  { name: "note 37(g), 9903.76.04: not a wooden cabinet: 9903.76.04 reported at 0, and note 52 India 9903.05.44 +10% = 1,000.00 applies", line: { hts: "9403.40.9060", origin: "IN", qty: "10:No.", answers: { "wood-cabinet": "no" } }, ch99: [["9903.76.04", "0.00"], ["9903.05.44", "1000.00"]], total: "1000.00" },
  // U.S. note 33 (passenger vehicles, light trucks, parts)
  { name: "note 33(b), 9903.94.01: car 8703.23.0190 (2.5%) from Vietnam: 250.00 + 25% = 2,500.00", line: { hts: "8703.23.0190", origin: "VN", qty: "1:No." }, ch99: [["9903.94.01", "2500.00"]], total: "2750.00" },
  { name: "note 33(m)-(n), 9903.94.51: the same car from Germany (EU deal): column 1 2.5% < 15%, so 15% x 10,000 - 250.00 = 1,250.00", line: { hts: "8703.23.0190", origin: "DE", qty: "1:No." }, ch99: [["9903.94.51", "1250.00"]], total: "1500.00" },
  { name: "note 33(k), (m), 9903.94.41: the same car from Japan: 1,500.00 - 250.00 = 1,250.00", line: { hts: "8703.23.0190", origin: "JP", qty: "1:No." }, ch99: [["9903.94.41", "1250.00"]], total: "1500.00" },
  { name: "note 33(s), 9903.94.61: the same car from Korea (no KORUS claim): 1,250.00", line: { hts: "8703.23.0190", origin: "KR", qty: "1:No." }, ch99: [["9903.94.61", "1250.00"]], total: "1500.00" },
  { name: "note 33(b), 9903.94.01: the same car from the UK, quota question open (assumed outside): +25% = 2,500.00", line: { hts: "8703.23.0190", origin: "GB", qty: "1:No." }, ch99: [["9903.94.01", "2500.00"]], total: "2750.00", questions: ["uk-auto-quota"] },
  { name: "note 33(i), 9903.94.31: the UK car within the quota: +7.5% = 750.00", line: { hts: "8703.23.0190", origin: "GB", qty: "1:No.", answers: { "uk-auto-quota": "yes" } }, ch99: [["9903.94.31", "750.00"]], total: "1000.00" },
  { name: "note 33(m), 9903.94.50: light truck 8704.21.0100 (25%) from Germany: column 1 at or above 15%, reported with no added duty", line: { hts: "8704.21.0100", origin: "DE", qty: "1:No." }, ch99: [["9903.94.50", "0.00"]], total: "2500.00" },
  { name: "note 33(f)-(g), 9903.94.05: auto part 8708.29.1500 (2.5%) from India: +25% = 2,500.00", line: { hts: "8708.29.1500", origin: "IN", qty: "10:No." }, ch99: [["9903.94.05", "2500.00"]], total: "2750.00", questions: ["auto-part", "mhdv-part"] },
  { name: "note 33(h)(i), 9903.94.06: the part from Mexico qualifying under USMCA: no note 33 or note 38 duty (9903.94.06, 9903.74.10 at 0)", line: { hts: "8708.29.1500", origin: "MX", qty: "10:No.", answers: { usmca: "yes", "mhdv-part": "no" } }, ch99: [["9903.94.06", "0.00"], ["9903.74.11", "0.00"], ["9903.05.55", "1000.00"]], total: "1250.00", questions: ["auto-part"] },
  { name: "note 33(f), 9903.94.05: the part from Mexico not qualifying under USMCA: +25%", line: { hts: "8708.29.1500", origin: "MX", qty: "10:No.", answers: { usmca: "no" } }, ch99: [["9903.94.05", "2500.00"]], total: "2750.00", questions: ["auto-part", "mhdv-part"] },
  { name: "note 33(o), 9903.94.53: the part from Germany: 15% x 10,000 - 250.00 = 1,250.00", line: { hts: "8708.29.1500", origin: "DE", qty: "10:No." }, ch99: [["9903.94.53", "1250.00"]], total: "1500.00", questions: ["auto-part", "mhdv-part"] },
  { name: "note 33(l), 9903.94.43: the part from Japan: 1,250.00", line: { hts: "8708.29.1500", origin: "JP", qty: "10:No." }, ch99: [["9903.94.43", "1250.00"]], total: "1500.00", questions: ["auto-part", "mhdv-part"] },
  { name: "note 33(t), 9903.94.63: the part from Korea: 1,250.00", line: { hts: "8708.29.1500", origin: "KR", qty: "10:No." }, ch99: [["9903.94.63", "1250.00"]], total: "1500.00", questions: ["auto-part", "mhdv-part"] },
  { name: "note 33(j), 9903.94.32: the part from the UK: 10% = 1,000.00", line: { hts: "8708.29.1500", origin: "GB", qty: "10:No." }, ch99: [["9903.94.32", "1000.00"]], total: "1250.00", questions: ["auto-part", "mhdv-part"] },
  { name: "note 33(h)(ii), 9903.94.06 and note 39(c), 9903.79.02: computer 8471.50.0150 from Vietnam that is neither a vehicle part nor a note 39 article: note 52 Vietnam 9903.05.84 +12.5%", line: { hts: "8471.50.0150", origin: "VN", qty: "10:No.", answers: { "auto-part": "no", "semi-covered": "no" } }, ch99: [["9903.94.06", "0.00"], ["9903.79.02", "0.00"], ["9903.05.84", "1250.00"]], total: "1250.00" },
  { name: "note 33(g), (h)(ii): oil filter 8421.23.0000 (2.5%) from India, a general provision on the (g) list: not assumed a vehicle part, so 9903.94.06 and 9903.74.11 at 0 and note 52 India +10%", line: { hts: "8421.23.0000", origin: "IN", qty: "10:No." }, ch99: [["9903.94.06", "0.00"], ["9903.74.11", "0.00"], ["9903.05.44", "1000.00"]], total: "1250.00", questions: ["auto-part", "mhdv-part"] },
  { name: "note 33(g), 9903.94.05: the same filter declared a passenger-vehicle part: 250.00 + 25% = 2,500.00 (country provision excepted)", line: { hts: "8421.23.0000", origin: "IN", qty: "10:No.", answers: { "auto-part": "yes" } }, ch99: [["9903.94.05", "2500.00"], ["9903.74.11", "0.00"]], total: "2750.00", questions: ["mhdv-part"] },
  { name: "note 33(b), 9903.94.01: the car from Mexico without approved U.S. content: 25% on the full value = 2,500.00", line: { hts: "8703.23.0190", origin: "MX", qty: "1:No." }, ch99: [["9903.94.01", "2500.00"]], total: "2750.00", questions: ["us-content-approved"] },
  { name: "note 33(d), 9903.94.03: the USMCA car from Mexico with U.S. content 4,000 approved: 25% x (10,000 - 4,000) = 1,500.00", line: { hts: "8703.23.0190", origin: "MX", qty: "1:No.", usContentValue: 4000 }, ch99: [["9903.94.03", "1500.00"]], total: "1750.00" },
  { name: "note 33(d): approval declared but the U.S. content value not given: charged on the full value and asked for", line: { hts: "8703.23.0190", origin: "MX", qty: "1:No.", answers: { "us-content-approved": "yes" } }, ch99: [["9903.94.03", "2500.00"]], total: "2750.00", questions: ["usContentValue"] },
  { name: "note 38(d), 9903.74.03: road tractor 8701.21.0015 (4%) from Canada, U.S. content 2,500 approved: 400.00 + 25% x 7,500 = 1,875.00", line: { hts: "8701.21.0015", origin: "CA", qty: "1:No.", usContentValue: 2500 }, ch99: [["9903.74.03", "1875.00"]], total: "2275.00" },
  // U.S. note 38 (medium- and heavy-duty vehicles, buses, parts)
  { name: "note 38(b), 9903.74.01: road tractor 8701.21.0015 (4%) from Brazil: 400.00 + 25% = 2,500.00", line: { hts: "8701.21.0015", origin: "BR", qty: "1:No." }, ch99: [["9903.74.01", "2500.00"]], total: "2900.00" },
  { name: "note 38(c), 9903.74.02: bus 8702.10.3100 (2%) from Korea: 200.00 + 10% = 1,000.00 (no EU/JP/KR deal for buses)", line: { hts: "8702.10.3100", origin: "KR", qty: "1:No." }, ch99: [["9903.74.02", "1000.00"]], total: "1200.00" },
  { name: "note 38(i), 9903.74.08: tube 4013.10.0010 (3.7%) from India declared not a passenger-vehicle part: MHDV part +25%", line: { hts: "4013.10.0010", origin: "IN", qty: "10:No.", answers: { "auto-part": "no" } }, ch99: [["9903.74.08", "2500.00"], ["9903.94.06", "0.00"]], total: "2870.00", questions: ["mhdv-part"] },
  // U.S. note 39 (semiconductors)
  { name: "note 39(a)-(b), 9903.79.01: memory module 8473.30.1140 (Free) from India, covered: +25% = 2,500.00", line: { hts: "8473.30.1140", origin: "IN", qty: "10:No." }, ch99: [["9903.79.01", "2500.00"]], total: "2500.00", questions: ["semi-covered"] },
  // Metals before the 2026 restructure (notes 16, 19, 36 as in 2025) and CBP's full-value rule: entry 2026-04-01
  { name: "note 36, 9903.78.01: copper wire 7408.11.6000 (3%) from India, copper content value 6,000 declared: 50% x 6,000 = 3,000.00", line: { hts: "7408.11.6000", origin: "IN", qty: "100:kg", metalValue: 6000 }, ch99: [["9903.78.01", "3000.00"]], total: "3300.00", entryDate: "2026-04-01" },
  { name: "note 36, 9903.78.01: the same without the content value: CBP charges the full value, 50% x 10,000 = 5,000.00", line: { hts: "7408.11.6000", origin: "IN", qty: "100:kg" }, ch99: [["9903.78.01", "5000.00"]], total: "5300.00", entryDate: "2026-04-01" },
  { name: "note 16(l), 9903.81.89: steel article of chapter 73, 7326.19.0010 (2.9%) from India: 50% of the full value", line: { hts: "7326.19.0010", origin: "IN", qty: "100:kg" }, ch99: [["9903.81.89", "5000.00"]], total: "5290.00", entryDate: "2026-04-01" },
  { name: "note 16, 9903.81.98: UK steel derivative 8207.20.0070 (3.9%), content not declared: 25% x 10,000 = 2,500.00", line: { hts: "8207.20.0070", origin: "GB", qty: "1:No." }, ch99: [["9903.81.98", "2500.00"]], total: "2890.00", entryDate: "2026-04-01" },
  // Metals from 2026-04-06: U.S. note 16 restructured (headings 9903.82.02-9903.82.19), on the full customs value
  { name: "note 16(c)(iii), 9903.82.02: steel plate 7208.51.0030 (Free) from India: 50% x 10,000 (full value) = 5,000.00", line: { hts: "7208.51.0030", origin: "IN", qty: "1000:kg" }, ch99: [["9903.82.02", "5000.00"]], total: "5000.00" },
  { name: "note 16(d), 9903.82.04: the plate from the UK, steel melted and poured in the UK: +25% = 2,500.00", line: { hts: "7208.51.0030", origin: "GB", qty: "1000:kg", answers: { "uk-metal": "yes" } }, ch99: [["9903.82.04", "2500.00"]], total: "2500.00" },
  { name: "note 16(d): the UK plate without that declaration: 9903.82.02 +50% = 5,000.00, uk-metal asked", line: { hts: "7208.51.0030", origin: "GB", qty: "1000:kg" }, ch99: [["9903.82.02", "5000.00"]], total: "5000.00", questions: ["uk-metal"] },
  { name: "note 16(a), 9903.82.14: the plate from Russia: column 2 20% = 2,000.00 + 50% = 5,000.00", line: { hts: "7208.51.0030", origin: "RU", qty: "1000:kg" }, ch99: [["9903.82.14", "5000.00"]], total: "7000.00" },
  { name: "note 16(a), 9903.85.67: unwrought aluminum 7601.10.6090 from Russia: column 2 11% = 1,100.00 + 200% = 20,000.00 (note 16 gives way to 9903.85.67)", line: { hts: "7601.10.6090", origin: "RU", qty: "1000:kg" }, ch99: [["9903.85.67", "20000.00"]], total: "21100.00" },
  { name: "note 16(c)(v), 9903.82.02: copper wire 7408.11.6000 (3%) from India: 50% of the full value even with the content declared = 5,000.00", line: { hts: "7408.11.6000", origin: "IN", qty: "100:kg", metalValue: 6000 }, ch99: [["9903.82.02", "5000.00"]], total: "5300.00" },
  { name: "note 16(c)(vii), 9903.82.09: steel stove 7321.11.1030 (5.7%) from Vietnam: 570.00 + 25% = 2,500.00, us-metal asked", line: { hts: "7321.11.1030", origin: "VN", qty: "10:No." }, ch99: [["9903.82.09", "2500.00"]], total: "3070.00", questions: ["us-metal"] },
  { name: "note 16(e), 9903.82.06: the stove, its steel melted and poured in the United States: +10% = 1,000.00", line: { hts: "7321.11.1030", origin: "VN", qty: "10:No.", answers: { "us-metal": "yes" } }, ch99: [["9903.82.06", "1000.00"]], total: "1570.00" },
  { name: "note 16(c)(viii), 9903.82.09: telecommunication cable 8544.42.2000 (Free) from India: +25% = 2,500.00 (outside ch. 72-76: metal-weight asked)", line: { hts: "8544.42.2000", origin: "IN", qty: "10:No." }, ch99: [["9903.82.09", "2500.00"]], total: "2500.00", questions: ["metal-weight", "us-metal"] },
  { name: "note 16(c), 9903.82.03: the cable with copper under 15% of its weight: no note 16 duty; note 52 India 9903.05.44 +10% = 1,000.00", line: { hts: "8544.42.2000", origin: "IN", qty: "10:No.", answers: { "metal-weight": "no" } }, ch99: [["9903.82.03", "0.00"], ["9903.05.44", "1000.00"]], total: "1000.00" },
  { name: "note 16(f), 9903.82.10: die part 8207.20.0070 (3.9%) from Germany: 15% x 10,000 - 390.00 = 1,110.00", line: { hts: "8207.20.0070", origin: "DE", qty: ["1:No.", "1:kg"] }, ch99: [["9903.82.10", "1110.00"]], total: "1500.00", questions: ["metal-weight", "us-metal"] },
  { name: "note 16(e), 9903.82.07: the die part, U.S.-melted steel: 10% x 10,000 - 390.00 = 610.00", line: { hts: "8207.20.0070", origin: "DE", qty: ["1:No.", "1:kg"], answers: { "us-metal": "yes" } }, ch99: [["9903.82.07", "610.00"]], total: "1000.00", questions: ["metal-weight"] },
  { name: "9903.82.17: the die part from Russia: column 2 30% = 3,000.00 + 25% = 2,500.00", line: { hts: "8207.20.0070", origin: "RU", qty: ["1:No.", "1:kg"] }, ch99: [["9903.82.17", "2500.00"]], total: "5500.00", questions: ["metal-weight"] },
  { name: "9903.82.12: the die part from Cuba (general note 3(b)): column 2 30% = 3,000.00 + 25% = 2,500.00", line: { hts: "8207.20.0070", origin: "CU", qty: ["1:No.", "1:kg"] }, ch99: [["9903.82.12", "2500.00"]], total: "5500.00", questions: ["metal-weight"] },
  { name: "note 16(d), 9903.82.05: cast aluminum bakeware 7615.10.2015 (3.1%) from the UK, aluminum smelted in the UK: 310.00 + 15% = 1,500.00", line: { hts: "7615.10.2015", origin: "GB", qty: ["1:No.", "1:kg"], answers: { "uk-metal": "yes" } }, ch99: [["9903.82.05", "1500.00"]], total: "1810.00" },
  { name: "the steel plate entered 2026-04-05, the last day of the 2025 headings: 9903.81.87 at 50%", line: { hts: "7208.51.0030", origin: "IN", qty: "1000:kg" }, ch99: [["9903.81.87", "5000.00"]], total: "5000.00", entryDate: "2026-04-05" },
  // Section 301: one heading per statistical line where notes 20 and 31 split an 8-digit code
  { name: "note 20(s)(ii), 9903.88.15: made-up textile article 6307.90.9825 (7%) from China: 700.00 + 7.5% = 750.00 (not the face-mask heading 9903.91.07); note 52 China 9903.05.31 +12.5%", line: { hts: "6307.90.9825", origin: "CN", qty: ["10:No.", "1:kg"] }, ch99: [["9903.88.15", "750.00"], ["9903.05.31", "1250.00"]], total: "2700.00" },
  { name: "note 31(h), 9903.91.07: disposable face masks 6307.90.9870 from China: +50% = 5,000.00 only (note 20(s)(ii) excepts the line from 9903.88.15); note 52 +12.5%", line: { hts: "6307.90.9870", origin: "CN", qty: ["10:No.", "1:kg"] }, ch99: [["9903.91.07", "5000.00"], ["9903.05.31", "1250.00"]], total: "6950.00" },
  { name: "note 20(g) and 20(s)(ii): modem 8517.62.0010 (Free) from China: 9903.88.04 +25% only (9903.88.15 excepts .0010); note 52 +12.5%", line: { hts: "8517.62.0010", origin: "CN", qty: "10:No." }, ch99: [["9903.88.04", "2500.00"], ["9903.05.31", "1250.00"]], total: "3750.00" },
  // U.S. note 52 floors against a specific column 1 rate (its ad valorem equivalent from quantity and value)
  { name: "note 52, 9903.05.39: juice 2009.89.4000 (0.64¢/liter) from Germany, 1,000 liters: AVE 0.064% < 10%, so 10% x 10,000 - 6.40 = 993.60", line: { hts: "2009.89.4000", origin: "DE", qty: "1000:liters" }, ch99: [["9903.05.39", "993.60"]], total: "1000.00" },
  // Rates of another provision, content units, part values, polarity
  { name: "ensemble 6103.22.0010 from India: jacket 6103.33.2000 28.2% x 6,000 = 1,692.00; trousers 6103.43.1020 58.5¢/kg x 2 kg + 15.2% x 4,000 = 609.17; note 52 India +10%", line: { hts: "6103.22.0010", origin: "IN", qty: ["1:doz.", "3:kg"], components: [{ hts: "6103.33.2000", value: 6000 }, { hts: "6103.43.1020", value: 4000, qty: "2:kg" }] }, ch99: [["9903.05.44", "1000.00"]], total: "3301.17" },
  { name: "copper ore 2603.00.0010 from India: 1.7¢/kg on lead content x 200 Pb kg = 3.40; note 52 India +10%", line: { hts: "2603.00.0010", origin: "IN", qty: ["1000:Cu kg", "200:Pb kg"] }, ch99: [["9903.05.44", "1000.00"]], total: "1003.40" },
  { name: "rifle 9301.90.3010 from India: 4.7% x 8,000 + 20% x 2,000 (telescopic sight) = 776.00; note 52 India +10%", line: { hts: "9301.90.3010", origin: "IN", qty: "1:No.", partValues: { rifle: 8000, "telescopic sight": 2000 } }, ch99: [["9903.05.44", "1000.00"]], total: "1776.00" },
  { name: "raw cane sugar 1701.13.1000 at 96 degrees: (1.4606 - 4 x 0.020668)¢/kg x 10,000 kg = 137.79; note 52 India +10%", line: { hts: "1701.13.1000", origin: "IN", qty: "10000:kg", polarity: 96 }, ch99: [["9903.05.44", "1000.00"]], total: "1137.79" },
];

