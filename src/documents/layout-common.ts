/**
 * What the layout readers of every document type share: their environment, country and number
 * reading, and the parties of a document read from its labelled blocks without giving one block
 * to two roles.
 */
import type { CountryIndex } from "../domain/countries.ts";
import type { LabelDictionary } from "./label-dictionary.ts";
import type { Layout } from "./layout.ts";
import { findBlock, type FieldHit } from "./layout-fields.ts";
import { partyOf } from "./layout-parties.ts";
import { findDates, findNumbers, type ValueContext } from "./parse-values.ts";
import { FieldRecorder } from "./recorder.ts";
import { type Party } from "./schemas.ts";

/** What the layout extractor needs. */
export interface LayoutEnv {
  countries: CountryIndex;
  knowledgeDir: string;
  ctx: ValueContext;
  dict: LabelDictionary;
}

export const hasDate = (ctx: ValueContext) => (v: string) => findDates(v, ctx).length > 0;

export function country(text: string | null | undefined, env: LayoutEnv): string | null {
  if (!text) return null;
  const t = text.trim().replace(/[.,;]+$/, "");
  return env.dict.localCountry(t) ?? env.countries.parse(t)?.code ?? null;
}

export function putParty(rec: FieldRecorder, path: string, party: Party, hit: { confidence: number; source: FieldHit["source"] }) {
  rec.put(`${path}.name`, party.name, hit.confidence, hit.source);
  rec.put(`${path}.address`, party.address, hit.confidence * 0.9, hit.source);
  rec.put(`${path}.country`, party.country, hit.confidence * 0.85, hit.source);
}

/** Reads the parties of `roles` in order, never giving two roles the same block. */
export function parties(layout: Layout, env: LayoutEnv, rec: FieldRecorder, roles: Array<[string, string[]]>): Record<string, Party | null> {
  const used = new Set<number>();
  const out: Record<string, Party | null> = {};
  for (const [path, keys] of roles) {
    const block = findBlock(layout, env.dict, keys, (at) => used.has(at));
    if (!block) {
      out[path] = null;
      continue;
    }
    used.add(block.at);
    const party = partyOf(block, env.countries, env.dict);
    putParty(rec, path, party, block);
    out[path] = party;
  }
  return out;
}

export function num(text: string | undefined, ctx: ValueContext): number | null {
  if (!text) return null;
  // "2 037,64": a space as thousands separator inside one cell.
  const joined = text.replace(/[$€£¥]/g, " ").replace(/(?<![\d.,])(\d{1,3})((?: \d{3})+)(?![\d])/g, (_, a: string, b: string) => a + b.replace(/ /g, ""));
  const n = findNumbers(joined, ctx);
  return n.length ? n[n.length - 1]!.value : null;
}
