// Live reload for `planbook serve`. The server adds this script to HTML
// pages while serving only; `planbook build` output never carries it.
// It listens to the server's events: `reload` after a good rebuild, `error`
// (JSON: file, line, column, message) after a failed one, shown as an overlay.
(function () {
  "use strict";
  var OVERLAY_ID = "planbook-error-overlay";

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function hideOverlay() {
    var overlay = document.getElementById(OVERLAY_ID);
    if (overlay) overlay.remove();
  }

  function showOverlay(error) {
    hideOverlay();
    var where = error.file
      ? error.file + (error.line ? ":" + error.line + ":" + error.column : "")
      : "";
    var overlay = document.createElement("div");
    overlay.id = OVERLAY_ID;
    overlay.setAttribute("role", "alert");
    overlay.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.88);" +
      "color:#fff;font:15px/1.5 ui-monospace,monospace;padding:2rem;overflow:auto";
    overlay.innerHTML =
      '<div style="max-width:60rem;margin:auto;border-left:4px solid #e5484d;padding-left:1rem">' +
      '<div style="color:#ff8a8a;font-weight:bold">planbook: a page of the plan ' +
      "cannot be read, so the site is incomplete</div>" +
      (where ? '<div class="planbook-error-location">' + escapeHtml(where) + "</div>" : "") +
      '<pre style="white-space:pre-wrap">' + escapeHtml(error.message) + "</pre>" +
      '<div style="opacity:.7">Fix the file and save: the page reloads by itself.</div></div>';
    document.body.appendChild(overlay);
  }

  var source = new EventSource("/__planbook/events");
  source.addEventListener("reload", function () {
    window.location.reload();
  });
  source.addEventListener("error", function (event) {
    // The EventSource's own connection errors have no data: the browser
    // reconnects by itself, and the next event tells what to show.
    if (!event.data) return;
    try {
      showOverlay(JSON.parse(event.data));
    } catch (ignored) {
      showOverlay({ message: event.data });
    }
  });
})();
