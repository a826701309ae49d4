/** The sign-in page. */
import { html, type SafeHtml } from "../html.ts";
import { csrfField, href, layout, type PageContext } from "./layout.ts";

/** Sign-in form, with the reason of a failed attempt. */
export function loginPage(ctx: PageContext, opts: { error?: string; next?: string; name?: string } = {}): SafeHtml {
  return layout(
    ctx,
    "Sign in",
    html`<section class="card narrow">
      <h1>Sign in</h1>
      ${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : null}
      <form method="post" action="${href(ctx, "/login")}">
        ${csrfField(ctx)}
        <input type="hidden" name="next" value="${opts.next ?? ""}">
        <label>User name <input name="name" autocomplete="username" required value="${opts.name ?? ""}"></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button>
      </form>
    </section>`,
  );
}
