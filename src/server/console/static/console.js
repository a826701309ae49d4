// Tollgate console: drag-and-drop upload and chat posting. Plain browser JavaScript, no build step.
// Without JavaScript the chat form still posts (multipart) and the server redirects back.
/* global document, window */
"use strict";
(function () {
  const form = document.getElementById("chat-form");
  if (!form) return;
  const zone = document.getElementById("dropzone");
  const input = document.getElementById("files");
  const list = document.getElementById("file-list");
  const status = document.getElementById("chat-status");
  const button = document.getElementById("send");
  let dropped = [];

  function files() {
    return dropped.concat(Array.from(input.files || []));
  }
  function showFiles() {
    list.textContent = "";
    for (const f of files()) {
      const li = document.createElement("li");
      li.textContent = f.name + " (" + Math.ceil(f.size / 1024) + " KB)";
      list.appendChild(li);
    }
  }
  input.addEventListener("change", showFiles);
  for (const type of ["dragenter", "dragover"]) {
    zone.addEventListener(type, function (e) {
      e.preventDefault();
      zone.classList.add("over");
    });
  }
  for (const type of ["dragleave", "drop"]) {
    zone.addEventListener(type, function () {
      zone.classList.remove("over");
    });
  }
  zone.addEventListener("drop", function (e) {
    e.preventDefault();
    dropped = dropped.concat(Array.from((e.dataTransfer && e.dataTransfer.files) || []));
    showFiles();
  });

  form.addEventListener("submit", async function (e) {
    e.preventDefault();
    const body = new FormData();
    body.append("_csrf", form.elements.namedItem("_csrf").value);
    body.append("text", form.elements.namedItem("text").value);
    for (const f of files()) body.append("files", f, f.name);
    button.disabled = true;
    status.textContent = "Working…";
    try {
      const res = await fetch(form.action, { method: "POST", body: body, headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!res.ok) {
        const body = await res.text().catch(function () {
          return "";
        });
        let message = body || res.status + " " + res.statusText;
        try {
          const data = JSON.parse(body);
          if (data && data.error) message = data.error.message;
        } catch {
          // A plain-text refusal (CSRF, file too large) is shown as it is.
        }
        status.textContent = message;
        button.disabled = false;
        return;
      }
      window.location.reload();
    } catch (err) {
      status.textContent = "Could not send: " + err;
      button.disabled = false;
    }
  });
})();
