// After htmx swaps in a new question, move focus to its heading (or to the error summary)
// and announce it, so keyboard and screen-reader users know the page changed.
(function () {
  "use strict";
  function announce(text) {
    var region = document.getElementById("announcer");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.isConnected) {
      target = document.getElementById(event.detail.target && event.detail.target.id) || document.body;
    }
    var summary = document.querySelector("[data-focus-on-load]");
    var heading = document.getElementById("question-heading");
    var results = document.getElementById("results-heading");
    var focus = summary || heading;
    if (focus) {
      focus.focus();
      announce(focus.textContent.trim());
    } else if (results && target.id === "results") {
      announce(results.textContent.trim());
    }
  });
  // Question pages carry hx-history="false": htmx keeps no copy of them, and Back or Forward
  // loads the page again, so it shows the answers as stored rather than a stale snapshot.
  if (window.htmx) window.htmx.config.refreshOnHistoryMiss = true;
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) summary.focus();
    if (window.htmx) window.htmx.config.includeIndicatorStyles = false;
  });
})();
// Printed results show every criterion, not just the summary lines.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details.criteria-details").forEach(function (d) { d.open = true; });
});
