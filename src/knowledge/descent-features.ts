/**
 * The features of one set of siblings (headings, or the children of one line) for one
 * description: word overlap, WordNet and word-vector matches of the whole description and of its
 * product noun, ruling votes, heading search, chapter-note exclusions, attributes and "Other" as
 * the residual sibling. Each line's vector is in FEATURES order.
 */
import { matchAttributes, readRequirements } from "./attributes.ts";
import { F, FEATURES, type ScheduleEvidence } from "./descent-evidence.ts";
import type { QueryEvidence } from "./descent-query.ts";
import type { HtsLine } from "./schedule.ts";

/** Features of one line among its siblings, and the words that produced them (for the rationale). */
export interface NodeFeatures {
  digits: string;
  x: number[];
  matched: string[];
}

/** Cosine below which two words count as unrelated. */
const VEC_FLOOR = 0.45;

/** Measures every sibling of one level; `explain` also collects the matched words (for rationales). */
export function siblingFeatures(ev: ScheduleEvidence, q: QueryEvidence, siblings: readonly HtsLine[], explain = false): NodeFeatures[] {
  const lexNodes: number[] = [];
  const out = siblings.map((line) => {
    const node = ev.node(line.digits)!;
    const x = new Array<number>(FEATURES.length).fill(0);
    const matched: string[] = [];
    let lex = 0;
    let wn = 0;
    let lexHead = 0;
    let semHead = 0;
    for (let i = 0; i < node.terms.length; i++) {
      const t = node.terms[i]!;
      if (q.headTerms.has(t)) lexHead += node.idf[i]!;
      else if (q.headExpansion.has(t)) semHead += node.idf[i]!;
      if (q.terms.has(t)) {
        lex += node.idf[i]!;
        if (explain) matched.push(t);
      } else {
        const e = q.expansion.get(t);
        if (e) {
          wn += node.idf[i]! * e.weight;
          if (explain && e.weight >= 0.7) matched.push(`${e.from} ~ ${t} (WordNet)`);
        }
      }
    }
    let vec = 0;
    let vecSum = 0;
    let vecHead = 0;
    for (let i = 0; i < node.vectorIds.length; i++) {
      const m = q.maxCos(node.vectorIds[i]!);
      if (m.head > VEC_FLOOR) vecHead += (node.vectorIdf[i]! * (m.head - VEC_FLOOR)) / (1 - VEC_FLOOR);
      vecSum += node.vectorIdf[i]!;
      if (m.cos > VEC_FLOOR) {
        vec += (node.vectorIdf[i]! * (m.cos - VEC_FLOOR)) / (1 - VEC_FLOOR);
        if (explain && m.cos > 0.6) matched.push(`${m.word} ≈ ${node.vectorWords[i]} (vectors ${m.cos.toFixed(2)})`);
      }
    }
    const denom = Math.max(node.idfSum, 1e-9);
    x[F.lexNode] = node.idfSum > 0 ? lex / denom : 0;
    x[F.lexHits] = Math.log1p(lex) / 4;
    x[F.wordnetNode] = node.idfSum > 0 ? wn / denom : 0;
    x[F.vectorNode] = vecSum > 0 ? vec / vecSum : 0;
    x[F.lexHead] = node.idfSum > 0 ? lexHead / denom : 0;
    x[F.semanticHead] = Math.min(1, (semHead + (vecSum > 0 ? (vecHead / vecSum) * node.idfSum : 0)) / denom);
    if (q.noun) {
      let own = 0;
      for (const t of node.terms) {
        const w = q.noun.terms.get(t) ?? 0;
        if (w > own) own = w;
        if (explain && w >= 0.5) matched.push(q.noun.via.get(t) === q.noun.head ? t : `${q.noun.via.get(t)}`);
      }
      const tree = ev.treeTerms(line.digits);
      let inTree = 0;
      for (const [t, w] of q.noun.terms) if (w > inTree && tree.has(t)) inTree = w;
      let cos = 0;
      for (const id of node.vectorIds) cos = Math.max(cos, q.nounCosine(id));
      x[F.nounOwn] = own;
      x[F.nounTree] = inTree;
      x[F.nounVector] = cos > VEC_FLOOR ? (cos - VEC_FLOOR) / (1 - VEC_FLOOR) : 0;
    }
    x[F.nounVotes] = Math.sqrt(q.nounVotes.get(line.digits) ?? 0);
    x[F.semVotes] = Math.sqrt(q.semVotes.get(line.digits) ?? 0);
    const nv = ev.nodeVector(line.digits);
    let sc = 0;
    if (nv) for (let k = 0; k < nv.length; k++) sc += nv[k]! * q.vector[k]!;
    x[F.semNode] = Math.max(0, sc);
    if (line.parent === null) x[F.semHeading] = q.semHeading.get(line.digits) ?? 0;
    const votes = q.votes.get(line.digits) ?? 0;
    x[F.votes] = votes;
    x[F.votesSqrt] = Math.sqrt(votes);
    if (line.parent === null) {
      x[F.headingText] = q.headingText.get(line.digits) ?? 0;
      x[F.headingWordnet] = q.headingWordnet.get(line.digits) ?? 0;
      x[F.exclusion] = q.exclusion(line.digits.slice(0, 2));
    }
    x[F.scheduleSearch] = q.scheduleSearch.get(line.digits) ?? 0;
    x[F.other] = node.isOther ? 1 : 0;
    node.requirements ??= readRequirements(node.ownText);
    const attr = matchAttributes(q.attributes, node.requirements);
    x[F.attrAgree] = attr.agree;
    x[F.attrConflict] = attr.conflict;
    x[F.chiefMaterial] = attr.chiefMaterial ? 1 : 0;
    if (explain) matched.push(...attr.reasons);
    lexNodes.push(node.isOther ? 0 : x[F.lexNode]! + x[F.attrAgree]! * 0.5);
    return { digits: line.digits, x, matched };
  });
  // "Other" is the residual sibling: it gains when no specific sibling matches the product.
  const bestSpecific = Math.min(1, Math.max(0, ...lexNodes));
  for (const f of out) if (f.x[F.other] === 1) f.x[F.otherResidual] = 1 - bestSpecific;
  return out;
}
