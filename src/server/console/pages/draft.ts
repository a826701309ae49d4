/**
 * The draft page, laid out as a broker reads a 7501: the header blocks, the lines with their HTS
 * and chapter 99 numbers, the fees and totals, the warnings grouped by kind, the PDF inline, the
 * version history with what changed, and (for brokers only) the Approve and Reject forms.
 */
import type { ApprovalRecord, DraftRecord, FilingRecord } from "../../../store/index.ts";
import type { EntryDraft } from "../../../domain/entry/model.ts";
import { diffDrafts, groupWarnings, lineRanges } from "../draft-presenter.ts";
import { html, type SafeHtml } from "../html.ts";
import { badge, csrfField, href, layout, when, type PageContext } from "./layout.ts";

/** What the draft page shows. */
export interface DraftPageData {
  record: DraftRecord;
  /** Every version of the draft, oldest first. */
  versions: readonly DraftRecord[];
  /** Every decision on the draft, oldest first. */
  decisions: readonly ApprovalRecord[];
  /** The filing of the version shown, if filed. */
  filing: FilingRecord | null;
  /** Whether the signed-in user may approve or reject. */
  canDecide: boolean;
  notice?: string;
  error?: string;
}

type Party = EntryDraft["header"]["importerOfRecord"];

function party(p: Party): string {
  return p ? [p.name, p.address, p.country].filter(Boolean).join(", ") : "";
}

function block(no: string, label: string, value: string | null | undefined): SafeHtml {
  return html`<div class="block"><span class="label">${no}. ${label}</span><span class="value">${value || "—"}</span></div>`;
}

function header(d: EntryDraft): SafeHtml {
  const h = d.header;
  return html`<section class="form7501" data-testid="header-blocks">
    ${block("2", "Entry Type", h.entryType)}${block("6", "Port Code", h.portOfEntry)}${block("7", "Entry Date", h.entryDate)}
    ${block("8", "Importing Carrier", h.importingCarrier)}${block("9", "Mode of Transport", h.modeOfTransport)}${block("10", "Country of Origin", h.countryOfOrigin)}
    ${block("11", "Import Date", h.importDate)}${block("12", "B/L or AWB No.", h.billOfLading)}${block("13", "Manufacturer ID", h.manufacturerId)}
    ${block("14", "Exporting Country", h.exportingCountry)}${block("15", "Export Date", h.exportDate)}${block("19", "Foreign Port of Lading", h.foreignPortOfLading)}
    ${block("20", "U.S. Port of Unlading", h.usPortOfUnlading)}${block("23", "Importer No.", h.importerNumber)}${block("24", "Reference No.", h.referenceNumber)}
    <div class="block wide"><span class="label">25. Ultimate Consignee</span><span class="value">${party(h.ultimateConsignee) || "—"}</span></div>
    <div class="block wide"><span class="label">26. Importer of Record</span><span class="value">${party(h.importerOfRecord) || "—"}</span></div>
  </section>`;
}

function lines(d: EntryDraft): SafeHtml {
  return html`<table class="lines" data-testid="lines">
    <thead><tr><th>27. Line</th><th>28. Description</th><th>29. HTSUS No. / Ch. 99</th><th>Origin</th><th class="num">30. Gross kg</th><th class="num">31. Net qty</th><th class="num">32. Entered value</th><th>33. Rate</th><th class="num">34. Duty</th></tr></thead>
    <tbody>${d.lines.map(
      (l) => html`<tr id="line-${l.lineNumber}">
        <td>${l.lineNumber}</td>
        <td>${l.description}${l.pgaFlags.length ? html`<div class="muted small">PGA ${l.pgaFlags.join(", ")}</div>` : null}${l.classification ? html`<div class="muted small">${l.classification.source}${l.classification.confidence === null ? "" : ` · confidence ${l.classification.confidence.toFixed(2)}`}</div>` : null}</td>
        <td><code>${l.hts ?? "(none)"}</code>${l.chapter99.map((c) => html`<div class="ch99" data-testid="ch99"><code>${c.heading}</code></div>`)}${l.adcvdCase ? html`<div>AD/CVD ${l.adcvdCase}</div>` : null}</td>
        <td>${l.countryOfOrigin ?? "—"}</td>
        <td class="num">${l.grossWeightKg ?? "—"}</td>
        <td class="num">${l.netQuantity ? `${l.netQuantity.value} ${l.netQuantity.unit}` : "—"}</td>
        <td class="num">${l.enteredValue ? `$${l.enteredValue}` : "—"}</td>
        <td>${l.rate ?? "—"}${l.chapter99.map((c) => html`<div class="ch99">${c.rate}</div>`)}</td>
        <td class="num">${l.duty ? `$${l.duty}` : "—"}${l.chapter99.map((c) => html`<div class="ch99">$${c.amount}</div>`)}</td>
      </tr>`,
    )}</tbody>
  </table>`;
}

function totals(d: EntryDraft): SafeHtml {
  const t = d.totals;
  return html`<div class="columns">
    <section><h3>39. Other fee summary</h3>
      ${d.fees.length === 0 ? html`<p class="muted">No fees.</p>` : html`<table data-testid="fees">${d.fees.map((f) => html`<tr><td>${f.code}</td><td>${f.name}</td><td class="num">$${f.amount}</td></tr>`)}</table>`}
    </section>
    <section><h3>Totals</h3>
      <table class="totals" data-testid="totals">
        <tr><td>35. Total entered value</td><td class="num">$${t.enteredValue}</td></tr>
        <tr><td>37. Duty</td><td class="num">$${t.duty}</td></tr>
        <tr><td>38. Tax</td><td class="num">$${t.tax}</td></tr>
        <tr><td>39. Other</td><td class="num">$${t.other}</td></tr>
        <tr class="grand"><td>40. Total</td><td class="num" data-testid="grand-total">$${t.total}</td></tr>
      </table>
    </section>
  </div>`;
}

function warnings(d: EntryDraft): SafeHtml {
  const groups = groupWarnings(d.warnings);
  if (groups.length === 0) return html`<p class="muted">No warnings.</p>`;
  return html`<div class="warning-groups" data-testid="warnings">${groups.map(
    (g) => html`<details class="warning-group warn-${g.code}" data-testid="warning-group" data-kind="${g.code}" open>
      <summary><strong>${g.title}</strong> <span class="count">${g.count}</span>${g.lines.length ? html` · lines <span class="lines-list">${lineRanges(g.lines)}</span>` : null}</summary>
      <ul>${g.items.map((i) => html`<li>${i.text}${i.lines.length ? html` <span class="muted">(lines ${lineRanges(i.lines)})</span>` : null}</li>`)}</ul>
    </details>`,
  )}</div>`;
}

function history(ctx: PageContext, data: DraftPageData): SafeHtml {
  const id = encodeURIComponent(data.record.id);
  return html`<ol class="versions" data-testid="versions">${data.versions.map((v, i) => {
    const prev = i > 0 ? data.versions[i - 1]! : null;
    const changes = prev ? diffDrafts(prev.content, v.content) : [];
    const decided = data.decisions.filter((a) => a.version === v.version);
    return html`<li${v.version === data.record.version ? html` class="current"` : null}>
      <a href="${href(ctx, `/drafts/${id}?version=${v.version}`)}">Version ${v.version}</a> ${badge(v.status)} by ${v.createdBy} at ${when(v.createdAt)}
      <span class="muted small">SHA-256 ${v.contentHash.slice(0, 16)}…</span>
      ${decided.map((a) => html`<div class="decision">${a.decision} by ${a.actorChannel}:${a.actorIdentity} at ${when(a.createdAt)}${a.reason ? html` — “${a.reason}”` : null}</div>`)}
      ${prev
        ? html`<details class="diff" data-testid="diff"><summary>${changes.length} change(s) from version ${prev.version}</summary>
            <table><thead><tr><th>Field</th><th>Version ${prev.version}</th><th>Version ${v.version}</th></tr></thead>
            <tbody>${changes.map((c) => html`<tr><td><code>${c.path}</code></td><td class="del">${c.before ?? "—"}</td><td class="ins">${c.after ?? "—"}</td></tr>`)}</tbody></table>
          </details>`
        : null}
    </li>`;
  })}</ol>`;
}

function decisionForms(ctx: PageContext, data: DraftPageData): SafeHtml | null {
  const d = data.record;
  const latest = data.versions.at(-1)!.version;
  if (!data.canDecide) return html`<p class="muted" data-testid="no-decision">Only a licensed broker can approve or reject this draft.</p>`;
  if (d.version !== latest) return html`<p class="muted">Version ${latest} supersedes this one; decide on <a href="${href(ctx, `/drafts/${encodeURIComponent(d.id)}?version=${latest}`)}">version ${latest}</a>.</p>`;
  if (d.status === "filed") return null;
  const base = href(ctx, `/drafts/${encodeURIComponent(d.id)}`);
  return html`<section class="card decide" data-testid="decision-forms">
    <h2>Broker decision on version ${d.version}</h2>
    <p class="small">You approve content SHA-256 <code>${d.contentHash}</code>. An edit creates a new version that needs its own approval.</p>
    <form method="post" action="${base}/approve" class="inline">${csrfField(ctx)}<input type="hidden" name="version" value="${d.version}">
      <button type="submit" class="approve" data-testid="approve">Approve and file</button></form>
    <form method="post" action="${base}/reject" class="reject">${csrfField(ctx)}<input type="hidden" name="version" value="${d.version}">
      <label>Reason <input name="reason" required placeholder="What the preparer must fix" data-testid="reason"></label>
      <button type="submit" class="danger" data-testid="reject">Reject</button></form>
  </section>`;
}

/** The draft page. */
export function draftPage(ctx: PageContext, data: DraftPageData): SafeHtml {
  const d = data.record;
  const id = encodeURIComponent(d.id);
  const pdf = href(ctx, `/drafts/${id}/pdf?version=${d.version}`);
  const status = data.filing ? badge("filed", `filed (${data.filing.status})`) : badge(d.status);
  return layout(
    ctx,
    `Draft ${d.id.slice(0, 8)} v${d.version}`,
    html`<h1>Entry summary draft <span class="muted small">${d.id}</span> version ${d.version} ${status}</h1>
    ${data.notice ? html`<p class="notice" role="status" data-testid="notice">${data.notice}</p>` : null}
    ${data.error ? html`<p class="error" role="alert" data-testid="error">${data.error}</p>` : null}
    ${data.filing ? html`<p class="notice" data-testid="filing">Filed (${data.filing.status}) by adapter ${data.filing.adapter} to <code>${data.filing.location}</code> at ${when(data.filing.createdAt)}.</p>` : null}
    <p class="small">HTSUS revision ${d.content.sources.htsRevision ?? "?"} · created by ${d.createdBy} ·
      ${d.threadId ? html`<a href="${href(ctx, `/threads/${encodeURIComponent(d.threadId)}`)}">conversation</a> · ` : null}
      <a href="${href(ctx, `/audit?draft=${id}`)}">audit events</a> · <a href="${pdf}">7501 PDF</a></p>
    ${header(d.content)}
    <h2>Lines</h2>
    ${lines(d.content)}
    ${totals(d.content)}
    <h2>Warnings</h2>
    ${warnings(d.content)}
    ${d.content.notes.length ? html`<h2>Notes</h2><ul>${d.content.notes.map((n) => html`<li>${n}</li>`)}</ul>` : null}
    ${decisionForms(ctx, data)}
    <h2>Version history</h2>
    ${history(ctx, data)}
    <h2>CBP Form 7501 (draft)</h2>
    <iframe class="pdf" src="${pdf}" title="CBP Form 7501 draft PDF" data-testid="pdf"></iframe>`,
  );
}
