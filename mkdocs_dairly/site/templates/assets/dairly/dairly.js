/* mkdocs-dairly: the star filter ("show only entries with at least N stars") and the
   placeholder of an image that fails to load.
   The filter's choice lives in the URL (?stars=N) so a filtered view can be shared, and in
   sessionStorage so it follows the reader across pages; the entries it hides leave the
   table of contents too, and the page's count says "showing N of M".
   Re-binds on every page that Material's instant navigation loads (document$). */
(function () {
  "use strict";
  var KEY = "dairly.min-stars";
  var ITEMS = "article.dairly-entry[data-stars], .dairly-days li[data-stars], .dairly-best li[data-stars]";
  var COUNTED = {
    cards: ".dairly-entries > article.dairly-entry",
    items: ".dairly-days__entries > li"
  };

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

  function hidden(element) {
    return element.closest(".dairly-hidden") !== null;
  }

  /* The entries of the table of contents follow their cards. */
  function filterToc() {
    document.querySelectorAll("article.dairly-entry[id]").forEach(function (card) {
      var off = hidden(card);
      var selector = '.md-nav--secondary a[href$="#' + card.id + '"]';
      document.querySelectorAll(selector).forEach(function (link) {
        var item = link.closest("li") || link;
        item.classList.toggle("dairly-hidden", off);
      });
    });
  }

  /* "6 entries" becomes "showing 2 of 6 entries" while the filter hides some. */
  function count(n) {
    document.querySelectorAll("[data-dairly-count]").forEach(function (element) {
      if (!element.hasAttribute("data-dairly-all")) {
        element.setAttribute("data-dairly-all", element.textContent);
      }
      var all = document.querySelectorAll(COUNTED[element.getAttribute("data-dairly-count")] || "-");
      var shown = Array.prototype.filter.call(all, function (item) { return !hidden(item); });
      var text = element.getAttribute("data-dairly-all");
      if (n > 0 && shown.length < all.length) {
        text = (element.getAttribute("data-dairly-showing") || "{n} / {m}")
          .replace("{n}", String(shown.length)).replace("{m}", String(all.length));
      }
      if (element.textContent !== text) element.textContent = text;
      element.classList.toggle("dairly-count--filtered", text !== element.getAttribute("data-dairly-all"));
    });
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
    filterToc();
    count(n);
  }

  function bindFilter() {
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

  /* An image that fails to load (offline, a CDN refusing hotlinks) becomes a placeholder that
     names the image's host, instead of a broken-image icon with its alt text. */
  function replaceImage(img) {
    var figure = img.closest("figure.dairly-figure");
    if (!figure || figure.classList.contains("dairly-figure--failed")) return;
    var host = "";
    try {
      host = new URL(img.currentSrc || img.src, window.location.href).host;
    } catch (e) { /* an unparsable URL: no host */ }
    var box = document.createElement("div");
    box.className = "dairly-figure__failed";
    box.setAttribute("role", "img");
    box.setAttribute("aria-label", img.alt || "");
    var label = document.createElement("span");
    label.className = "dairly-figure__failed-label";
    label.textContent = figure.getAttribute("data-dairly-failed") || "";
    box.appendChild(label);
    if (host) {
      var where = document.createElement("span");
      where.className = "dairly-figure__host";
      where.textContent = host;
      box.appendChild(where);
    }
    figure.classList.add("dairly-figure--failed");
    figure.replaceChild(box, img);
  }

  function bindImages() {
    document.querySelectorAll("figure.dairly-figure img").forEach(function (img) {
      if (img.getAttribute("data-dairly-watched") === "1") return;
      img.setAttribute("data-dairly-watched", "1");
      img.addEventListener("error", function () { replaceImage(img); });
      // It failed before this script ran: no error event will come (decode() tells a broken
      // image from one without a natural size, such as some SVGs).
      if (img.complete && img.naturalWidth === 0 && img.getAttribute("src")) {
        img.decode().then(function () {}, function () { replaceImage(img); });
      }
    });
  }

  // Material's search dialog (<div class="md-search" role="dialog">) has no accessible name:
  // give it its search field's, so a screen reader announces what opened.
  function nameSearchDialog() {
    document.querySelectorAll(".md-search[role='dialog']:not([aria-label])").forEach(function (dialog) {
      var field = dialog.querySelector("input.md-search__input");
      var label = field && (field.getAttribute("aria-label") || field.getAttribute("placeholder"));
      if (label) dialog.setAttribute("aria-label", label);
    });
  }

  function bind() {
    bindImages();
    bindFilter();
    nameSearchDialog();
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(bind);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bind);
  } else {
    bind();
  }
})();
