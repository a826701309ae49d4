/** Block Kit types, through Bolt's re-export (so the adapter depends on @slack/bolt alone). */
import type { types } from "@slack/bolt";

export type KnownBlock = types.KnownBlock;
export type View = types.View;
