/**
 * knowledge/manifest.json names the data files Tollgate loads and their revisions, so a new
 * schedule revision or rulings export is a data change (edit the manifest) rather than a code change.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { DataError } from "../errors.ts";

const ManifestSchema = z.object({
  schemaVersion: z.literal(1),
  schedule: z.object({ file: z.string(), edition: z.string(), revision: z.string(), source: z.string() }),
  chapterNotes: z.object({ file: z.string(), revision: z.string() }),
  sections: z.string(),
  rulings: z.array(z.string()).min(1),
});

/** The parsed manifest of a knowledge directory. */
export type KnowledgeManifest = z.infer<typeof ManifestSchema>;

/** Reads knowledge/manifest.json from the given knowledge directory. */
export function readManifest(knowledgeDir: string): KnowledgeManifest {
  const file = path.join(knowledgeDir, "manifest.json");
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new DataError(`Cannot read the knowledge manifest ${file}. Is TOLLGATE_KNOWLEDGE_DIR pointing at the knowledge/ folder?`, "manifest_missing", err);
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) throw new DataError(`Invalid knowledge manifest ${file}: ${parsed.error.issues[0]?.message}`, "manifest_invalid");
  return parsed.data;
}
