/** Home: drafts waiting for a broker, other recent drafts, recent conversations. */
import type { DraftRecord } from "../../../store/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { badge, href, layout, when, type PageContext } from "./layout.ts";

/** A thread row of the home page. */
export interface ThreadSummary {
  id: string;
  channel: string | null;
  updatedAt: string;
}

function draftRows(ctx: PageContext, drafts: readonly DraftRecord[], testid: string): SafeHtml {
  if (drafts.length === 0) return html`<p class="muted" data-testid="${testid}">None.</p>`;
  return html`<table data-testid="${testid}">
    <thead><tr><th>Draft</th><th>Version</th><th>Status</th><th>Reference</th><th>Lines</th><th class="num">Total</th><th>Warnings</th><th>Updated</th></tr></thead>
    <tbody>${drafts.map(
      (d) => html`<tr>
        <td><a href="${href(ctx, `/drafts/${encodeURIComponent(d.id)}`)}">${d.id.slice(0, 8)}</a></td>
        <td>${d.version}</td><td>${badge(d.status)}</td>
        <td>${d.content.header.referenceNumber ?? "—"}</td>
        <td>${d.content.lines.length}</td><td class="num">$${d.content.totals.total}</td>
        <td>${d.content.warnings.length}</td><td>${when(d.updatedAt)}</td>
      </tr>`,
    )}</tbody></table>`;
}

/** The home page. */
export function homePage(ctx: PageContext, data: { awaiting: readonly DraftRecord[]; others: readonly DraftRecord[]; threads: readonly ThreadSummary[] }): SafeHtml {
  return layout(
    ctx,
    "Home",
    html`<h1>Drafts waiting for approval</h1>
      ${draftRows(ctx, data.awaiting, "awaiting-drafts")}
      <h2>Recent drafts</h2>
      ${draftRows(ctx, data.others, "recent-drafts")}
      <h2>Recent conversations</h2>
      <p><a class="button" href="${href(ctx, "/threads/new")}">Start a conversation</a></p>
      ${data.threads.length === 0
        ? html`<p class="muted">No conversations yet.</p>`
        : html`<ul class="threads" data-testid="recent-threads">${data.threads.map(
            (t) => html`<li><a href="${href(ctx, `/threads/${encodeURIComponent(t.id)}`)}">${t.id}</a> <span class="muted">${t.channel ?? ""} · ${when(t.updatedAt)}</span></li>`,
          )}</ul>`}`,
  );
}
