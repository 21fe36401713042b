/* Site-wide behaviour, loaded with defer from base.html. No inline script anywhere: the pages are
   served with a strict Content-Security-Policy. */
(function () {
  "use strict";

  // The menu button: on narrow screens the menu is folded behind it (see .js-menu in app.css).
  // Without this script the menu simply stays open.
  var toggle = document.querySelector(".menu-toggle");
  var header = toggle && toggle.closest(".topbar");
  if (toggle && header) {
    header.classList.add("js-menu");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("menu-open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("menu-open")) {
        toggle.setAttribute("aria-expanded", "false");
        header.classList.remove("menu-open");
        toggle.focus();
      }
    });
  }

  // Tables: on a phone each row is drawn as a card (app.css, table.grid.cards), each cell captioned
  // with its column's heading. Tables that htmx swaps in later are labelled when they arrive.
  function labelTables(root) {
    root.querySelectorAll("table.grid").forEach(function (table) {
      var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (!headings.length) { return; }
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.children, function (cell) {
          var span = cell.colSpan || 1;
          if (span === 1 && headings[column] !== undefined && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", headings[column]);
          }
          column += span;
        });
      });
      table.classList.add("cards");
    });
  }
  labelTables(document);
  document.addEventListener("htmx:afterSettle", function () {
    labelTables(document);  // cells already captioned are left alone
  });

  // A select marked data-autosubmit submits its form when changed (the language picker); the
  // <noscript> button beside it does the same without script.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
