// Types of build.js (plain JavaScript so the launcher needs no compiler to start).

/** The checkout build.js belongs to. */
export const ROOT: string;
/** The entry module of the current build, or undefined when there is none or a source changed. */
export function currentBuild(root?: string): string | undefined;
/** Builds the bundle, makes it current and returns its entry module. */
export function build(root?: string): Promise<string>;
/** The current build's entry, building it first when stale; undefined when it cannot be built. */
export function ensureBuild(root?: string): Promise<string | undefined>;
