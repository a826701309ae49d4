/**
 * Adapters from the project's classifier and duty engine to the two functions the draft builder
 * takes (`ClassifyFn`, `CalculateDutyFn`), and one helper that assembles the builder's
 * dependencies from loaded parts. Keeping the builder on these small interfaces means it is tested
 * with stand-ins and does not change when the engines grow.
 */
import type { CountryIndex } from "../domain/countries.ts";
import { calculateDuty } from "../domain/duty/calculate.ts";
import type { DutyRequest as EngineRequest } from "../domain/duty/types.ts";
import type { Mode } from "../domain/fees.ts";
import type { Classifier } from "../knowledge/classifier.ts";
import type { DutyData } from "../knowledge/duty-data.ts";
import { RERANK_POOL, rerankWithLlm, type RerankDeps } from "../knowledge/llm-rerank.ts";
import type { Schedule } from "../knowledge/schedule.ts";
import type { ClassifyFn, DraftBuilderDeps } from "./draft-builder.ts";
import type { CalculateDutyFn } from "./duty-apply.ts";
import type { ReferenceData } from "./reference-data.ts";

/** The duty engine (src/domain/duty) as a `CalculateDutyFn`. */
export function dutyEngineFn(deps: { schedule: Schedule; dutyData: DutyData; clock: () => Date }): CalculateDutyFn {
  return async (request) => {
    const result = calculateDuty(
      {
        lines: request.lines.map((l) => ({ hts: l.hts, origin: l.origin, value: l.value, qty: l.qty, currency: l.currency })),
        entryDate: request.entryDate,
        mode: request.mode as Mode | undefined,
        entryType: request.entryType,
      } satisfies EngineRequest,
      deps,
    );
    return {
      lines: result.lines.map((l) => ({
        hts: l.hts,
        amount: l.amount,
        rate: l.rates[l.rateColumn],
        chapter99: l.chapter99.map((c) => ({ heading: c.heading, rate: c.rate, amount: c.amount })),
        warnings: l.warnings,
      })),
      totals: { duty: result.totals.duty, mpf: result.totals.mpf, hmf: result.totals.hmf, total: result.totals.total },
      // The engine repeats each line's warnings at entry level, numbered by its own request order,
      // which is not the draft's line order; the draft keeps them on the lines instead.
      warnings: result.warnings.filter((w) => !/^Line \d+\b/.test(w)),
    };
  };
}

/** The classifier's top candidate as a `ClassifyFn`; re-ranked by a chat model when `rerank` is given. */
export function classifierFn(classifier: Pick<Classifier, "classify">, rerank?: RerankDeps): ClassifyFn {
  return async (description, origin) => {
    const options = { origin: origin ?? undefined };
    const result = rerank
      ? await rerankWithLlm(await classifier.classify(description, { ...options, k: RERANK_POOL }), rerank, 3)
      : await classifier.classify(description, { ...options, k: 3 });
    const top = result.candidates[0];
    if (!top || top.digits.length !== 10) return null;
    return { hts: top.code, confidence: top.confidence, source: "classify_product" };
  };
}

/** Builder dependencies from loaded parts. */
export function draftBuilderDeps(parts: {
  schedule: Schedule;
  dutyData: DutyData;
  classifier?: Pick<Classifier, "classify">;
  /** A configured chat model re-ranking the classifier's candidates; absent offline. */
  rerank?: RerankDeps;
  countries: CountryIndex;
  reference: ReferenceData;
  clock: () => Date;
}): DraftBuilderDeps {
  return {
    schedule: parts.schedule,
    reference: parts.reference,
    countries: parts.countries,
    calculateDuty: dutyEngineFn(parts),
    classify: parts.classifier ? classifierFn(parts.classifier, parts.rerank) : undefined,
  };
}
