/**
 * Duty lines from one message. "duty on 6110.20.2079 from Vietnam, $12,000" is one line; "duty on
 * 6110.20.2079 from Vietnam $12,000 and 6204.62.4011 from China $5,000" is two. Each code owns the
 * text up to the next code, where its origin, value and quantity are read; an origin written once
 * before the codes ("from China: 6110.20.2079 $3,000 and ...") applies to every line.
 */
import type { CountryIndex } from "../../domain/countries.ts";
import { formatHts } from "../../domain/hts-code.ts";
import type { CodeCheck } from "./document-formats.ts";
import { findMoney, findOrigin, findQuantity, type MessageArgs, type MoneyArg, type QuantityArg } from "./arguments.ts";

/** One `calculate_duty` line as the tool takes it. */
export type DutyLineArgs = Record<string, unknown>;

/** The tool's line for a code with the value, origin and quantity that go with it. */
export function dutyLine(hts: string, origin: string, money: MoneyArg | null, quantity: QuantityArg | null): DutyLineArgs {
  return {
    hts: formatHts(hts),
    origin,
    value: money?.amount,
    currency: money && money.currency !== "USD" ? money.currency : undefined,
    qty: quantity ? `${quantity.value}:${quantity.unit}` : undefined,
  };
}

/** Where each of the message's codes is written. */
function codePositions(text: string, codes: string[]): Array<{ digits: string; index: number }> {
  const out: Array<{ digits: string; index: number }> = [];
  for (const m of text.matchAll(/\b\d{4}(?:[.\s]?\d{2}){1,3}\b/g)) {
    const digits = m[0].replace(/[.\s]/g, "");
    if (codes.includes(digits) && !out.some((o) => o.digits === digits)) out.push({ digits, index: m.index });
  }
  return out;
}

/**
 * The duty lines the message asks for, or null when a line lacks its origin or value (the model
 * then asks for them rather than guessing).
 */
export function dutyLinesFrom(text: string, args: MessageArgs, countries: CountryIndex, knowledgeDir: string): DutyLineArgs[] | null {
  if (args.codes.length <= 1) {
    const code = args.codes[0];
    if (!code || !args.origin || !args.money) return null;
    return [dutyLine(code, args.origin.code, args.money, args.quantity)];
  }
  const positions = codePositions(text, args.codes);
  if (positions.length === 0) return null;
  const shared = findOrigin(text.slice(0, positions[0]!.index), countries);
  const lines: DutyLineArgs[] = [];
  for (const [i, pos] of positions.entries()) {
    const segment = text.slice(pos.index, positions[i + 1]?.index ?? text.length);
    // The code itself must not be read as a quantity or an amount.
    const rest = segment.replace(/^\d{4}(?:[.\s]?\d{2}){1,3}/, (c) => " ".repeat(c.length));
    const origin = findOrigin(rest, countries) ?? shared ?? (positions.length > 0 ? args.origin : null);
    const money = findMoney(rest, knowledgeDir);
    if (!origin || !money) return null;
    lines.push(dutyLine(pos.digits, origin.code, money, findQuantity(rest, [money.span])));
  }
  return lines;
}

/** Duty lines from an extracted invoice: each line with a valid printed code, its origin, amount and quantity. */
export function dutyLinesFromInvoice(result: unknown, check?: CodeCheck): { lines: DutyLineArgs[]; skipped: number } {
  const r = (result ?? {}) as Record<string, unknown>;
  const items = Array.isArray(r.lineItems) ? (r.lineItems as Array<Record<string, unknown>>) : [];
  const invoiceOrigin = typeof r.countryOfOrigin === "string" && /^[A-Z]{2}$/.test(r.countryOfOrigin) ? r.countryOfOrigin : null;
  const currency = typeof r.currency === "string" && /^[A-Z]{3}$/.test(r.currency) ? r.currency : "USD";
  const lines: DutyLineArgs[] = [];
  let skipped = 0;
  for (const item of items) {
    const code = typeof item.htsCode === "string" ? item.htsCode : null;
    const origin = typeof item.countryOfOrigin === "string" && /^[A-Z]{2}$/.test(item.countryOfOrigin) ? item.countryOfOrigin : invoiceOrigin;
    const amount = typeof item.amount === "number" && item.amount > 0 ? String(item.amount) : null;
    // A line without a printed code, origin or amount is left out rather than filled in by guess.
    // A code that is not a line of the loaded schedule would fail the whole calculation.
    if (!code || !origin || !amount || (check && !check(code).valid)) {
      skipped += 1;
      continue;
    }
    const qty = typeof item.quantity === "number" && typeof item.unit === "string" ? `${item.quantity}:${item.unit}` : undefined;
    lines.push({ hts: code, origin, value: amount, currency: currency !== "USD" ? currency : undefined, qty, description: typeof item.description === "string" ? item.description : undefined });
  }
  return { lines, skipped };
}
