/**
 * The conversation page: the messages of a thread, a chat form that also takes documents (file
 * input or drag and drop), the extraction results of the thread's documents with each field's
 * provenance (page, line, the text read, confidence), and the thread's drafts.
 */
import { AIMessage, HumanMessage, type BaseMessage } from "@langchain/core/messages";
import type { PendingApproval } from "../../../agent/messages.ts";
import { textOf } from "../../../agent/offline-model/history.ts";
import type { DocumentRecord, DraftRecord } from "../../../store/index.ts";
import { html, textToHtml, type SafeHtml } from "../html.ts";
import { badge, csrfField, href, layout, type PageContext } from "./layout.ts";

/** A message as the page shows it. */
export interface ChatEntry {
  role: "user" | "assistant";
  text: string;
  /** Tools the assistant called in this step. */
  tools: string[];
}

interface Provenance {
  confidence?: number;
  source?: { page: number; line: number; text: string } | null;
  by?: string;
}

/** The value at a provenance path such as `lineItems[0].amount` in the extracted data. */
export function valueAt(data: unknown, path: string): unknown {
  let cur: unknown = data;
  for (const part of path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== "")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function show(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function documentCard(doc: DocumentRecord): SafeHtml {
  const data = (doc.extracted as { data?: unknown }).data;
  const meta = doc.extracted as { method?: string; pages?: number; warnings?: string[] };
  const rows = Object.entries(doc.provenance as Record<string, Provenance>);
  return html`<details class="card document" open data-testid="document">
    <summary><strong>${doc.fileName}</strong> · ${doc.docType.replace(/_/g, " ")} · ${meta.method ?? ""} · ${meta.pages ?? "?"} page(s) <span class="muted">SHA-256 ${doc.fileHash.slice(0, 12)}…</span></summary>
    ${meta.warnings?.length ? html`<ul class="warnings">${meta.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : null}
    <table class="provenance">
      <thead><tr><th>Field</th><th>Value</th><th>Confidence</th><th>Source (page:line)</th><th>Text read</th><th>By</th></tr></thead>
      <tbody>${rows.map(
        ([path, p]) => html`<tr>
          <td><code>${path}</code></td>
          <td>${show(valueAt(data, path))}</td>
          <td class="num">${p.confidence === undefined ? "—" : p.confidence.toFixed(2)}</td>
          <td>${p.source ? `${p.source.page}:${p.source.line}` : "—"}</td>
          <td class="source-text">${p.source?.text ?? ""}</td>
          <td>${p.by ?? ""}</td>
        </tr>`,
      )}</tbody>
    </table>
  </details>`;
}

/** The conversation page. */
export function threadPage(
  ctx: PageContext,
  data: {
    threadId: string;
    messages: readonly ChatEntry[];
    documents: readonly DocumentRecord[];
    drafts: readonly DraftRecord[];
    pending: PendingApproval | null;
    error?: string;
    /** A note above the form (a message still being processed). */
    notice?: string;
  },
): SafeHtml {
  const action = href(ctx, `/threads/${encodeURIComponent(data.threadId)}/messages`);
  return layout(
    ctx,
    "Conversation",
    html`<h1>Conversation <span class="muted small">${data.threadId}</span></h1>
    <div class="columns">
      <section class="chat">
        <ol class="messages" data-testid="messages">${data.messages.map(
          (m) => html`<li class="msg msg-${m.role}">
            <div class="who">${m.role === "user" ? "You" : "Tollgate"}${m.tools.length ? html` <span class="tools">${m.tools.join(", ")}</span>` : null}</div>
            ${textToHtml(m.text)}
          </li>`,
        )}</ol>
        ${data.pending
          ? html`<p class="notice" data-testid="pending">Draft <a href="${href(ctx, `/drafts/${encodeURIComponent(data.pending.draftId)}?version=${data.pending.version}`)}">${data.pending.draftId.slice(0, 8)} version ${data.pending.version}</a> is waiting for a licensed broker's approval.</p>`
          : null}
        ${data.error ? html`<p class="error" role="alert">${data.error}</p>` : null}
        ${data.notice ? html`<p class="notice" data-testid="processing" aria-live="polite">${data.notice}</p>` : null}
        <form id="chat-form" method="post" action="${action}" enctype="multipart/form-data" data-testid="chat-form">
          ${csrfField(ctx)}
          <div class="dropzone" id="dropzone" data-testid="dropzone">
            <p>Drop invoices, packing lists or bills of lading here, or <label class="link">choose files<input type="file" name="files" id="files" multiple accept=".pdf,.txt,.png,.jpg,.jpeg,.tif,.tiff"></label>.</p>
            <ul id="file-list" class="file-list"></ul>
          </div>
          <textarea name="text" id="chat-text" rows="3" placeholder="Ask Tollgate: classify, duty, extract this invoice, draft an entry, file it…"></textarea>
          <button type="submit" id="send">Send</button> <span id="chat-status" class="muted" aria-live="polite"></span>
        </form>
      </section>
      <aside>
        <h2>Drafts</h2>
        ${data.drafts.length === 0
          ? html`<p class="muted">No drafts in this conversation.</p>`
          : html`<ul data-testid="thread-drafts">${data.drafts.map(
              (d) => html`<li><a href="${href(ctx, `/drafts/${encodeURIComponent(d.id)}`)}">${d.id.slice(0, 8)} v${d.version}</a> ${badge(d.status)} $${d.content.totals.total}</li>`,
            )}</ul>`}
        <p><a href="${href(ctx, `/audit?thread=${encodeURIComponent(data.threadId)}`)}">Audit events of this conversation</a></p>
      </aside>
    </div>
    <h2>Extracted documents</h2>
    ${data.documents.length === 0 ? html`<p class="muted">No documents extracted yet.</p>` : data.documents.map(documentCard)}`,
  );
}

/**
 * The thread's messages as the page shows them: what people wrote and what the assistant answered,
 * with the tools it called folded into the answer that followed them.
 */
export function chatEntries(messages: readonly BaseMessage[]): ChatEntry[] {
  const out: ChatEntry[] = [];
  let tools: string[] = [];
  for (const m of messages) {
    if (HumanMessage.isInstance(m)) {
      out.push({ role: "user", text: textOf(m), tools: [] });
      tools = [];
    } else if (AIMessage.isInstance(m)) {
      tools.push(...(m.tool_calls ?? []).map((c) => c.name));
      const text = textOf(m).trim();
      if (text !== "") {
        out.push({ role: "assistant", text, tools });
        tools = [];
      }
    }
  }
  if (tools.length) out.push({ role: "assistant", text: "(working…)", tools });
  return out;
}
