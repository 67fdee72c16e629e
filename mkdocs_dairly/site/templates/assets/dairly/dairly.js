/* mkdocs-dairly: the star filter ("show only entries with at least N stars").
   The choice lives in the URL (?stars=N) so a filtered view can be shared, and in
   sessionStorage so it follows the reader across pages. Re-binds on every page that
   Material's instant navigation loads (document$). */
(function () {
  "use strict";
  var KEY = "dairly.min-stars";
  var ITEMS = "article.dairly-entry[data-stars], .dairly-days li[data-stars], .dairly-best li[data-stars]";

  function readChoice() {
    var fromUrl = new URLSearchParams(window.location.search).get("stars");
    var value = fromUrl !== null ? fromUrl : window.sessionStorage.getItem(KEY);
    var n = parseInt(value || "0", 10);
    return n >= 0 && n <= 5 ? n : 0;
  }

  function writeChoice(n) {
    try {
      window.sessionStorage.setItem(KEY, String(n));
    } catch (e) { /* storage may be disabled */ }
    var url = new URL(window.location.href);
    if (n > 0) url.searchParams.set("stars", String(n));
    else url.searchParams.delete("stars");
    window.history.replaceState(window.history.state, "", url.toString());
  }

  function apply(n) {
    document.querySelectorAll(ITEMS).forEach(function (item) {
      var stars = parseInt(item.getAttribute("data-stars") || "0", 10);
      item.classList.toggle("dairly-hidden", stars < n);
    });
    document.querySelectorAll("[data-dairly-filter] [data-min-stars]").forEach(function (button) {
      var on = parseInt(button.getAttribute("data-min-stars"), 10) === n;
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  function bind() {
    var controls = document.querySelectorAll("[data-dairly-filter]");
    if (!controls.length) return;
    var n = readChoice();
    controls.forEach(function (control) {
      control.hidden = false;
      control.querySelectorAll("[data-min-stars]").forEach(function (button) {
        button.addEventListener("click", function () {
          var chosen = parseInt(button.getAttribute("data-min-stars"), 10);
          writeChoice(chosen);
          apply(chosen);
        });
      });
    });
    if (n > 0) writeChoice(n);
    apply(n);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(bind);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bind);
  } else {
    bind();
  }
})();
