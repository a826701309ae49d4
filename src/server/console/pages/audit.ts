/** The audit page: events of a draft or a thread (or the latest of all), and the chain check. */
import type { AuditEvent, AuditVerification } from "../../../store/index.ts";
import { html, query, type SafeHtml } from "../html.ts";
import { csrfField, href, layout, when, type PageContext } from "./layout.ts";

/** Which events are listed. */
export interface AuditFilter {
  draft?: string;
  thread?: string;
}

function verificationResult(v: AuditVerification): SafeHtml {
  if (v.ok) {
    return html`<p class="notice" data-testid="verify-result">Audit chain verified: ${v.count} events intact; head hash <code>${v.headHash ?? "(empty)"}</code>.</p>`;
  }
  const bad = v.firstBad!;
  return html`<p class="error" data-testid="verify-result">Audit chain BROKEN at row ${bad.seq} (event <code>${bad.eventId}</code>): ${bad.reason}. ${v.count} rows checked.</p>`;
}

/** The audit page. */
export function auditPage(ctx: PageContext, data: { filter: AuditFilter; events: readonly AuditEvent[]; verification?: AuditVerification }): SafeHtml {
  const f = data.filter;
  const scope = f.draft ? `draft ${f.draft}` : f.thread ? `conversation ${f.thread}` : "the latest events";
  return layout(
    ctx,
    "Audit",
    html`<h1>Audit trail</h1>
    <form method="post" action="${href(ctx, `/audit/verify${query({ draft: f.draft, thread: f.thread })}`)}" class="inline">
      ${csrfField(ctx)}<button type="submit" data-testid="verify">Verify chain</button>
    </form>
    ${data.verification ? verificationResult(data.verification) : null}
    <form method="get" action="${href(ctx, "/audit")}" class="filters">
      <label>Draft id <input name="draft" value="${f.draft ?? ""}"></label>
      <label>Thread id <input name="thread" value="${f.thread ?? ""}"></label>
      <button type="submit">Show</button>
    </form>
    <h2>Events of ${scope}</h2>
    ${data.events.length === 0
      ? html`<p class="muted">No events.</p>`
      : html`<table class="audit" data-testid="audit-events">
      <thead><tr><th>Row</th><th>At</th><th>Type</th><th>Actor</th><th>Refs</th><th>Summary</th><th>Hash</th></tr></thead>
      <tbody>${data.events.map(
        (e) => html`<tr data-type="${e.type}">
          <td>${e.seq}</td><td>${when(e.at)}</td><td>${e.type}</td><td>${e.actor}</td>
          <td class="small">${Object.entries(e.refs ?? {}).map(([k, v]) => `${k}=${v}`).join(" ")}</td>
          <td>${e.summary ?? ""}</td><td class="small"><code title="${e.hash}">${e.hash.slice(0, 12)}</code></td>
        </tr>`,
      )}</tbody></table>`}`,
  );
}
