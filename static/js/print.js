// Print buttons, as progressive enhancement. Without JavaScript, a print button is a link to
// the page laid out for paper, where the browser's own Print command does the rest. With it,
// [data-print] prints the page it is on, and [data-print-frame] prints the page it links to
// from a hidden frame, so the person stays where they are.
(function () {
  "use strict";
  function printLinkedPage(url, title) {
    var frame = document.getElementById("print-frame");
    if (frame) frame.remove();
    frame = document.createElement("iframe");
    frame.id = "print-frame";
    frame.className = "print-frame";
    frame.title = title;
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    frame.addEventListener("load", function () {
      try {
        frame.contentWindow.focus();
        frame.contentWindow.print();
      } catch (error) {
        window.location.href = url;  // the frame was refused: open the page itself
      }
    });
    frame.src = url;
    document.body.appendChild(frame);
  }
  document.addEventListener("click", function (event) {
    var control = event.target.closest && event.target.closest("[data-print], [data-print-frame]");
    if (!control || event.defaultPrevented || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    if (control.hasAttribute("data-print")) {
      window.print();
    } else {
      printLinkedPage(control.href, control.textContent.trim());
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  });
})();
