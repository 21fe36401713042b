// Final or destructive actions ask first: a form (or its submit button) carrying data-confirm="…" is
// submitted only when the person accepts the question. One listener for every page, no inline script
// (the Content-Security-Policy forbids it). The services still check each action; this only guards
// against a slip of the finger. Without JavaScript the form submits as before.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
