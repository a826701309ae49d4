/**
 * The page frame shared by every console page: head (one stylesheet, one script), the navigation
 * for the signed-in user's role, and the sign-out form.
 */
import { canSearch, type ConsoleUser } from "../auth.ts";
import { html, type HtmlValue, type SafeHtml } from "../html.ts";

/** What every page needs to render its frame and forms. */
export interface PageContext {
  user: ConsoleUser | null;
  /** The CSRF token for the session's forms. */
  csrf: string;
  /** Path prefix the console is mounted under ("" at the root). */
  base: string;
}

/** A path inside the console. */
export function href(ctx: Pick<PageContext, "base">, path: string): string {
  return `${ctx.base}${path}`;
}

/** The hidden CSRF field every form carries. */
export function csrfField(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrf}">`;
}

/** A full HTML document. */
export function layout(ctx: PageContext, title: string, body: HtmlValue): SafeHtml {
  const u = ctx.user;
  const nav = u
    ? html`<nav>
        <a class="brand" href="${href(ctx, "/")}">Tollgate</a>
        <a href="${href(ctx, "/")}">Home</a>
        <a href="${href(ctx, "/threads/new")}">New conversation</a>
        <a href="${href(ctx, "/audit")}">Audit</a>
        ${canSearch(u) ? html`<a href="${href(ctx, "/search")}">Rulings &amp; schedule</a>` : null}
        <span class="who" data-testid="current-user">${u.displayName} <span class="role">${u.role}</span></span>
        <form method="post" action="${href(ctx, "/logout")}" class="inline">${csrfField(ctx)}<button type="submit" class="link">Sign out</button></form>
      </nav>`
    : html`<nav><span class="brand">Tollgate</span></nav>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Tollgate</title>
<link rel="stylesheet" href="${href(ctx, "/static/console.css")}">
<script src="${href(ctx, "/static/console.js")}" defer></script>
</head>
<body>
${nav}
<main>
${body}
</main>
</body>
</html>`;
}

/** A status badge. */
export function badge(status: string, label = status.replace(/_/g, " ")): SafeHtml {
  return html`<span class="badge badge-${status}" data-testid="status">${label}</span>`;
}

/** A short local date-time of an ISO timestamp. */
export function when(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC");
}
