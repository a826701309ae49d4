// Compiles the TypeScript sources of the CLI (and so of the server) into an ES module bundle under
// dist/, so a start does not pay for compiling ~200 modules on the fly (tsx's loader hooks cost
// seconds of start-up). `npm run build` (and the `prepare` step of `npm ci`) runs it; bin/tollgate.js
// checks the bundle against the sources at every start and rebuilds it when any source changed.
//
// Layout: dist/<build id>/ holds one build (main.js plus chunks: the commands and whatever the code
// imports dynamically stay separate chunks, loaded only when used); dist/current.json names the
// current build and the sources it was built from (size and mtime of each), written atomically so
// concurrent starts never read half a build. Packages stay external (resolved from node_modules at
// run time). Modules that locate files next to themselves (import.meta.url) get the URL of their
// source file, expressed relative to the chunk, so the bundle keeps working if the checkout moves.
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The checkout this file belongs to. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ENTRY = "src/channels/cli/main.ts";
/** Builds kept besides the current one (a running process may still load chunks of an older one). */
const KEEP_OLD = 2;

function distDir(root) {
  return path.join(root, "dist");
}

function stamp(file) {
  const s = statSync(file);
  return [s.size, Math.round(s.mtimeMs)];
}

/** The entry module of the current build, or undefined when there is none or a source changed. */
export function currentBuild(root = ROOT) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(distDir(root), "current.json"), "utf8"));
  } catch {
    return undefined;
  }
  try {
    for (const [rel, [size, mtime]] of Object.entries(manifest.inputs)) {
      const [s, m] = stamp(path.join(root, rel));
      if (s !== size || m !== mtime) return undefined;
    }
    const entry = path.join(distDir(root), manifest.build, "main.js");
    statSync(entry);
    return entry;
  } catch {
    // A source was deleted or the build folder removed.
    return undefined;
  }
}

/** Rewrites `import.meta.url` in a source file to its own URL, computed from the chunk's location. */
function sourceUrlPlugin(outDir) {
  return {
    name: "source-url",
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const text = await readFile(args.path, "utf8");
        if (!text.includes("import.meta.url")) return { contents: text, loader: "ts" };
        const rel = path.relative(outDir, args.path).split(path.sep).join("/");
        return { contents: text.replaceAll("import.meta.url", `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: "ts" };
      });
    },
  };
}

/** Builds the bundle, makes it current and returns its entry module. */
export async function build(root = ROOT) {
  const esbuild = await import("esbuild");
  const id = `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
  const outDir = path.join(distDir(root), id);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: ENTRY },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    outdir: outDir,
    sourcemap: "linked",
    metafile: true,
    logLevel: "warning",
    plugins: [sourceUrlPlugin(outDir)],
  });
  const inputs = {};
  for (const rel of [...Object.keys(result.metafile.inputs), "tsconfig.json"]) inputs[rel] = stamp(path.join(root, rel));
  const tmp = path.join(distDir(root), `current.json.${process.pid}.${id}.tmp`);
  writeFileSync(tmp, JSON.stringify({ build: id, entry: ENTRY, inputs }));
  renameSync(tmp, path.join(distDir(root), "current.json"));
  prune(root, id);
  return path.join(outDir, "main.js");
}

function prune(root, current) {
  const builds = readdirSync(distDir(root), { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== current)
    .map((d) => d.name)
    .sort()
    .reverse();
  for (const old of builds.slice(KEEP_OLD)) rmSync(path.join(distDir(root), old), { recursive: true, force: true });
}

/** The current build's entry, building it first when stale; undefined when it cannot be built here. */
export async function ensureBuild(root = ROOT) {
  const current = currentBuild(root);
  if (current) return current;
  try {
    mkdirSync(distDir(root), { recursive: true });
    return await build(root);
  } catch (err) {
    process.emitWarning(`tollgate: could not compile the sources into dist/ (${err instanceof Error ? err.message.split("\n")[0] : String(err)}); running them through tsx.`);
    return undefined;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  mkdirSync(distDir(ROOT), { recursive: true });
  const entry = await build(ROOT);
  console.log(`Compiled ${ENTRY} into ${path.relative(ROOT, path.dirname(entry))}/ in ${Math.round(performance.now() - t0)} ms.`);
}
