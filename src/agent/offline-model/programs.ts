/**
 * Special-program claims in a message: "claiming KORUS", "under USMCA", "SPI KR", "qualifies for
 * the FTA" (the agreement with the origin country). Names, acronyms and partner countries come
 * from the duty engine's program table (knowledge/programs.csv), so a new program needs no code.
 */
import type { Program } from "../../domain/programs.ts";

const CLAIM_WORDS = /\b(claim|claims|claiming|claimed|under|using|qualif(?:y|ies|ying)|preferential|preference|spi|program)\b/i;

/** The program symbol a message claims for goods of `origin`, or undefined when it claims none. */
export function findProgramClaim(text: string, origin: string | undefined, programs: ReadonlyMap<string, Program> | undefined): string | undefined {
  if (!programs || !CLAIM_WORDS.test(text)) return undefined;
  // An SPI written as such: "SPI KR", "program S+", "claim AU".
  const spi = /\b(?:spi|program|claim(?:ing)?|under)\s+["']?([A-Z]{1,2}[+*]?)(?![\w+*])/.exec(text)?.[1];
  if (spi && programs.has(spi)) return spi;
  // An acronym from a program's name: "(USMCA)", "(KORUS)", "(CAFTA-DR)", "(GSP)".
  for (const [symbol, program] of programs) {
    const acronym = /\(([A-Z][A-Z-]{2,})\)/.exec(program.name)?.[1];
    if (acronym && new RegExp(`\\b${acronym.replace(/-/g, "[- ]?")}\\b`, "i").test(text)) return symbol;
  }
  // "the FTA" / "the free trade agreement": the active agreement whose partners include the origin.
  if (origin && /\b(fta|free trade (agreement|area)|trade (promotion )?agreement)\b/i.test(text)) {
    for (const [symbol, program] of programs) {
      if (program.status !== "ended" && program.partners instanceof Set && program.partners.has(origin) && /agreement|area/i.test(program.name) && !/legacy/i.test(program.name)) {
        return symbol;
      }
    }
  }
  return undefined;
}
