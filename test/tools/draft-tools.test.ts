import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DraftBuilderDeps } from "../../src/filing/draft-builder.ts";
import { PgliteDb } from "../../src/store/db.ts";
import { storeOver, type Store } from "../../src/store/index.ts";
import { createDraftDeclarationTool, draftDeclaration } from "../../src/tools/draft-declaration.ts";
import { showDraft } from "../../src/tools/show-draft.ts";
import { updateDraft } from "../../src/tools/update-draft.ts";
import { bolDoc, builderDeps, invoiceDoc } from "../filing/fixtures.ts";

describe("draft tools", () => {
  let store: Store;
  let builder: DraftBuilderDeps;
  beforeAll(async () => {
    store = await storeOver(await PgliteDb.open());
    builder = await builderDeps();
    for (const doc of [invoiceDoc(), bolDoc()]) {
      const { id: _id, createdAt: _c, ...rest } = doc;
      await store.documents.save({ ...rest, threadId: "t1" });
    }
  });
  afterAll(() => store.close());
  const turn = { threadId: "t1", actor: "slack:U1" };

  it("drafts from the thread's documents, saves version 1 and audits it", async () => {
    const view = await draftDeclaration({}, { store, builder }, turn);
    expect(view).toMatchObject({ version: 1, status: "draft", header: { billOfLading: "MAEU123456789" } });
    expect((view.lines as unknown[]).length).toBe(3);
    const events = await store.audit.list({ refKey: "draftId", refValue: String(view.draftId) });
    // The classifier's choice for the pullover line, the duty calculation, then the draft itself.
    expect(events.map((e) => e.type)).toEqual(["classification", "calculation", "draft"]);
    expect(events[0]).toMatchObject({ actor: "slack:U1", threadId: "t1", refs: { line: 1 }, summary: "6110.20.2079 (confidence 0.88)" });
  });

  it("refuses to draft a thread with no documents", async () => {
    await expect(draftDeclaration({}, { store, builder }, { threadId: "empty", actor: "agent" })).rejects.toThrow(/no extracted documents/);
  });

  it("edits make a new version with duty recalculated, and stale or invalid edits are refused", async () => {
    const v1 = await draftDeclaration({}, { store, builder }, turn);
    const id = String(v1.draftId);
    const v2 = await updateDraft(
      { draftId: id, version: 1, header: { portOfEntry: "2704", importerNumber: "12-3456789" }, changes: [{ line: 1, field: "value", value: "$20,000" }] },
      { store, builder },
      turn,
    );
    expect(v2).toMatchObject({ version: 2, status: "draft", header: { portOfEntry: "2704", importerNumber: "12-3456789" } });
    const lines = v2.lines as Array<{ enteredValue: string; duty: string }>;
    expect(lines[0]).toMatchObject({ enteredValue: "20000.00", duty: "3300.00" });
    const warnings = v2.warnings as Array<{ field?: string }>;
    expect(warnings.map((w) => w.field)).not.toContain("header.portOfEntry");
    await expect(updateDraft({ draftId: id, version: 1, changes: [{ line: 1, field: "origin", value: "CN" }] }, { store, builder }, turn)).rejects.toThrow(/at version 2/);
    await expect(updateDraft({ draftId: id, changes: [{ line: 1, field: "hts", value: "6110.20.9999" }] }, { store, builder }, turn)).rejects.toThrow(/not a declarable/);
    await expect(updateDraft({ draftId: id, changes: [{ line: 9, field: "origin", value: "CN" }] }, { store, builder }, turn)).rejects.toThrow(/no line 9/);
    // A change of HTS number re-checks partner-agency flags on the new number.
    const v3 = await updateDraft({ draftId: id, changes: [{ line: 1, field: "hts", value: "2106.90.9987" }] }, { store, builder }, turn);
    expect((v3.lines as Array<{ pgaFlags: string[] }>)[0]!.pgaFlags).toContain("FD4");
    expect((await showDraft({ draftId: id, version: 1 }, { store }, turn)).version).toBe(1);
  });

  it("does not show a draft to another conversation", async () => {
    const v1 = await draftDeclaration({}, { store, builder }, turn);
    await expect(showDraft({ draftId: String(v1.draftId) }, { store }, { threadId: "other" })).rejects.toThrow(/No draft/);
  });

  it("the LangChain wrapper reads the thread from the run config and returns problems as text", async () => {
    const t = createDraftDeclarationTool({ store, builder });
    const ok = JSON.parse(String(await t.invoke({}, { configurable: { thread_id: "t1" } })));
    expect(ok.status).toBe("draft");
    expect(String(await t.invoke({}, { configurable: { thread_id: "nothing-here" } }))).toMatch(/^Could not draft the entry: .*no extracted documents/);
  });
});
