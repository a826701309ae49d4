/**
 * Keeping the rulings current from CBP's public CROSS service (rulings.cbp.gov), when online.
 * CROSS answers two keyless JSON endpoints: `GET /api/search?term=&collection=ALL&pageSize=&page=
 * &sortBy=DATE_DESC` ({ rulings: [{ rulingNumber, rulingDate, subject, tariffs, collection, ... }],
 * totalHits }) and `GET /api/ruling/{number}` (the ruling with its full `text`). The search has no
 * server-side date filter, so the sync pages newest-first and stops at the first ruling older than
 * `since` (or than the newest ruling of the previous sync). Each ruling is normalised to the shipped
 * JSONL shape (answer-free description, codes stripped) and appended to
 * `<indexDir>/user-rulings/cross-sync.jsonl` as soon as it is fetched; the page reached is saved
 * after every page, so an interrupted sync resumes where it stopped. Requests are spaced by
 * `minIntervalMs` and retried with back-off on 429 and 5xx.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { TollgateError } from "../errors.ts";
import { isSpecialChapter } from "./rulings.ts";
import { stripCodes } from "./text.ts";
import { htsDigits } from "../domain/hts-code.ts";

/** Options of one sync. */
export interface CrossSyncOptions {
  /** Base of the CROSS API, e.g. https://rulings.cbp.gov/api. */
  baseUrl: string;
  /** Where user rulings and the sync state live (config.indexDir). */
  indexDir: string;
  /** Only rulings dated on or after this ISO date (default: the newest ruling of the last sync). */
  since?: string;
  /** Search term (CROSS needs one; the default matches classification rulings). */
  term?: string;
  pageSize?: number;
  /** Stop after this many new rulings. */
  max?: number;
  /** Minimum time between two requests (politeness). */
  minIntervalMs?: number;
  /** Retries of a request answered 429/5xx or failing, with doubling back-off from `backoffMs`. */
  retries?: number;
  backoffMs?: number;
  fetch?: typeof fetch;
  onProgress?: (message: string) => void;
}

/** What one sync did. */
export interface CrossSyncResult {
  added: number;
  skipped: number;
  pages: number;
  newest: string | null;
  file: string;
  resumedFromPage: number;
}

interface SyncState {
  version: 1;
  term: string;
  /** Newest ruling date of the last completed sync. */
  newest: string | null;
  /** The page to fetch next when a sync was interrupted, with the cut-off it was using. */
  pending: { page: number; since: string | null } | null;
}

interface SearchRow {
  rulingNumber?: string;
  rulingDate?: string;
  subject?: string;
  tariffs?: string[];
}

/** File names under the index directory. */
export function crossSyncPaths(indexDir: string): { file: string; state: string } {
  return { file: path.join(indexDir, "user-rulings", "cross-sync.jsonl"), state: path.join(indexDir, "cross-sync-state.json") };
}

/** ISO date of a CROSS date ("2026-05-04T00:00:00" or similar); "" when missing ("0001-01-01"). */
export function crossDate(raw: string | undefined): string {
  const d = (raw ?? "").slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(d) && d > "1900-01-01" ? d : "";
}

/**
 * The answer-free product description of a ruling's text: from after the salutation to before the
 * paragraph that states the classification, codes stripped.
 */
export function productDescription(text: string, maxChars = 1500): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const start = flat.search(/Dear [^:]{1,80}:/);
  const from = start >= 0 ? flat.indexOf(":", start) + 1 : 0;
  const rest = flat.slice(from);
  const end = rest.search(/The applicable (?:subheading|tariff provision|classification)|is provided for in|The tariff classification of .{0,200} will be|In accordance with the HTSUS/i);
  return stripCodes((end > 0 ? rest.slice(0, end) : rest).slice(0, maxChars)).trim();
}

/** One ruling in the shipped JSONL shape. */
export function normaliseCrossRuling(row: SearchRow, detail: { text?: string; subject?: string; tariffs?: string[] } | null): Record<string, unknown> | null {
  const number = (row.rulingNumber ?? "").trim();
  const codes = (detail?.tariffs ?? row.tariffs ?? []).map((c) => c.trim()).filter((c) => htsDigits(c));
  if (!number || codes.length === 0) return null;
  return {
    ruling_number: number,
    ruling_date: crossDate(row.rulingDate),
    subject: stripCodes(detail?.subject ?? row.subject ?? ""),
    description: productDescription(detail?.text ?? ""),
    hts_codes: codes,
    primary_hts_code: codes.find((c) => !isSpecialChapter(htsDigits(c)!)) ?? codes[0],
    source: "CROSS rulings.cbp.gov",
  };
}

/** Fetches new rulings from CROSS into the user-rulings folder (see the file comment). */
export async function syncCrossRulings(options: CrossSyncOptions): Promise<CrossSyncResult> {
  const doFetch = options.fetch ?? fetch;
  const term = options.term ?? "classification";
  const pageSize = options.pageSize ?? 100;
  const interval = options.minIntervalMs ?? 1000;
  const retries = options.retries ?? 3;
  const backoff = options.backoffMs ?? 2000;
  const { file, state: stateFile } = crossSyncPaths(options.indexDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const state: SyncState = existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, "utf8")) as SyncState) : { version: 1, term, newest: null, pending: null };
  const seen = new Set<string>();
  let newest = state.newest;
  if (existsSync(file)) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as { ruling_number: string; ruling_date: string };
      seen.add(r.ruling_number);
    }
  }
  const resuming = state.pending && state.term === term && (options.since === undefined || options.since === state.pending.since);
  const since = resuming ? state.pending!.since : (options.since ?? state.newest);
  let page = resuming ? state.pending!.page : 1;
  const resumedFromPage = page;
  let last = 0;
  const get = async (url: string): Promise<unknown> => {
    for (let attempt = 0; ; attempt++) {
      const wait = last + interval - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      last = Date.now();
      let status = 0;
      try {
        const res = await doFetch(url, { headers: { accept: "application/json", "user-agent": "tollgate rulings sync" } });
        status = res.status;
        if (res.ok) return await res.json();
        if (res.status === 404) return null;
        if (res.status !== 429 && res.status < 500) throw new TollgateError(`CROSS answered ${res.status} for ${url}`, "cross_http");
      } catch (err) {
        if (err instanceof TollgateError) throw err;
        if (attempt >= retries) throw new TollgateError(`CROSS is unreachable (${url}): ${(err as Error).message}`, "cross_unreachable", err);
      }
      if (attempt >= retries) throw new TollgateError(`CROSS answered ${status} for ${url} after ${retries + 1} attempts`, "cross_http");
      await new Promise((r) => setTimeout(r, backoff * 2 ** attempt));
    }
  };
  const save = (pending: SyncState["pending"]) => writeFileSync(stateFile, `${JSON.stringify({ version: 1, term, newest, pending } satisfies SyncState, null, 2)}\n`);
  let added = 0;
  let skipped = 0;
  let pages = 0;
  let done = false;
  while (!done) {
    const q = new URLSearchParams({ term, collection: "ALL", commodityGrouping: "ALL", pageSize: String(pageSize), page: String(page), sortBy: "DATE_DESC" });
    const body = (await get(`${options.baseUrl}/search?${q}`)) as { rulings?: SearchRow[]; totalHits?: number } | null;
    const rows = body?.rulings ?? [];
    pages++;
    for (const row of rows) {
      const date = crossDate(row.rulingDate);
      // Newest first: the first ruling older than the cut-off ends the sync (undated ones are skipped).
      if (since && date && date < since) {
        done = true;
        break;
      }
      const number = (row.rulingNumber ?? "").trim();
      if (!number || seen.has(number) || !date) {
        skipped++;
        continue;
      }
      const detail = (await get(`${options.baseUrl}/ruling/${encodeURIComponent(number)}`)) as { text?: string; subject?: string; tariffs?: string[] } | null;
      const normalised = normaliseCrossRuling(row, detail);
      if (!normalised) {
        skipped++;
        continue;
      }
      appendFileSync(file, `${JSON.stringify(normalised)}\n`);
      seen.add(number);
      added++;
      if (!newest || date > newest) newest = date;
      if (options.max !== undefined && added >= options.max) {
        done = true;
        break;
      }
    }
    options.onProgress?.(`page ${page}: ${added} new rulings so far`);
    if (!done && (rows.length === 0 || page * pageSize >= (body?.totalHits ?? 0))) done = true;
    page++;
    save(done ? null : { page, since: since ?? null });
  }
  return { added, skipped, pages, newest, file, resumedFromPage };
}
