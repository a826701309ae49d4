/** Rulings and schedule search for compliance staff, with code-prefix and date filters. */
import type { RulingHit, TariffHit } from "../../../knowledge/search.ts";
import { html, type SafeHtml } from "../html.ts";
import { href, layout, type PageContext } from "./layout.ts";

/** The search form's values. */
export interface SearchForm {
  q: string;
  kind: "rulings" | "tariff";
  prefix: string;
  from: string;
  to: string;
}

function rulingRows(hits: readonly RulingHit[]): SafeHtml {
  return html`<ol class="hits" data-testid="ruling-hits">${hits.map(
    (r) => html`<li>
      <a href="${r.link}" rel="noopener noreferrer" target="_blank"><strong>${r.number}</strong></a> <span class="muted">${r.date}</span> — ${r.subject}
      <div class="small">${r.codes.map((c) => html`<code class="code-${c.status}" title="${c.status}${c.current ? `: now ${c.current}` : ""}">${c.code}</code> `)}</div>
      <div class="snippet">${r.snippet}</div>
    </li>`,
  )}</ol>`;
}

function tariffRows(hits: readonly TariffHit[]): SafeHtml {
  return html`<table data-testid="tariff-hits"><thead><tr><th>Code</th><th>Description</th><th>General</th><th>Special</th><th>Column 2</th><th>Units</th></tr></thead>
  <tbody>${hits.map(
    (t) => html`<tr><td><code>${t.code}</code></td><td>${t.description}<div class="muted small">${t.pathText}</div></td>
      <td>${t.rates.general ?? ""}</td><td class="small">${t.rates.special ?? ""}</td><td>${t.rates.column2 ?? ""}</td><td>${t.units.join(", ")}</td></tr>`,
  )}</tbody></table>`;
}

/** The search page. */
export function searchPage(ctx: PageContext, data: { form: SearchForm; rulings?: readonly RulingHit[]; tariff?: readonly TariffHit[]; revision: string; error?: string }): SafeHtml {
  const f = data.form;
  return layout(
    ctx,
    "Rulings and schedule",
    html`<h1>Rulings and schedule search</h1>
    <form method="get" action="${href(ctx, "/search")}" class="filters" data-testid="search-form">
      <label>Search <input name="q" value="${f.q}" required placeholder="e.g. knitted cotton sweaters"></label>
      <label>In <select name="kind">
        <option value="rulings"${f.kind === "rulings" ? html` selected` : null}>CBP rulings</option>
        <option value="tariff"${f.kind === "tariff" ? html` selected` : null}>Tariff schedule (HTSUS ${data.revision})</option>
      </select></label>
      <label>Code prefix <input name="prefix" value="${f.prefix}" placeholder="6110 or 6110.30" size="10"></label>
      <label>From <input name="from" type="date" value="${f.from}"></label>
      <label>To <input name="to" type="date" value="${f.to}"></label>
      <button type="submit">Search</button>
    </form>
    <p class="small muted">Code prefix and dates filter rulings. Ruling numbers link to rulings.cbp.gov.</p>
    ${data.error ? html`<p class="error" role="alert">${data.error}</p>` : null}
    ${data.rulings ? (data.rulings.length ? rulingRows(data.rulings) : html`<p class="muted">No rulings match.</p>`) : null}
    ${data.tariff ? (data.tariff.length ? tariffRows(data.tariff) : html`<p class="muted">No schedule lines match.</p>`) : null}`,
  );
}
