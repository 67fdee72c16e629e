/* mkdocs-dairly: the explore page. Every entry of every day, filtered at once in the browser
   by minimum stars, tag, year or month, link kind and text, sorted by date or stars.

   The entries come from one JSON file (notes/explore.json, see mkdocs_dairly/site/explore.py
   for its format), fetched once the page shows and kept while the reader moves around with
   Material's instant navigation. The state lives in the URL (?text=…&stars=3&tag=…&period=2021-05
   &has=paper,code&sort=stars), so a view can be shared and is restored from its address.
   Rows are written with textContent and DOM properties only: nothing from the notes is ever
   parsed as HTML.

   Material's instant navigation runs this script again each time it brings the explore page
   in: the first run subscribes to document$, later runs do nothing. */
(function () {
  "use strict";
  if (window.__dairlyExplore) return;
  window.__dairlyExplore = true;

  var PAGE = 100; // rows written at once; "show more" adds as many
  var KINDS = { paper: 1, code: 2, demo: 4 };
  var SORTS = ["newest", "oldest", "stars"];
  // "text", not "q": Material's search opens itself with a "q" in the URL.
  var KEYS = ["text", "stars", "tag", "period", "has", "sort"];
  var loaded = {}; // absolute data URL -> Promise of the prepared data

  /* -- the data ------------------------------------------------------------------------ */

  function prepare(raw, base) {
    var days = raw.days;
    var tagNames = raw.tags;
    var total = 0;
    days.forEach(function (d) { total += d[2].length; });
    var data = {
      total: total,
      tagNames: tagNames,
      tagIndex: {},
      tagCount: new Uint32Array(tagNames.length),
      dayDate: [],
      dayUrl: [],
      day: new Uint32Array(total),
      number: new Uint32Array(total),
      stars: new Uint8Array(total),
      kinds: new Uint8Array(total),
      month: new Uint32Array(total), // year * 100 + month
      title: new Array(total),
      abstract: new Array(total),
      text: null, // lower-cased title, abstract and tags, searched (made when first needed)
      tags: new Array(total), // the entry's tags and its day's, as indices
      newest: new Uint32Array(total),
      oldest: new Uint32Array(total),
      byStars: null
    };
    tagNames.forEach(function (name, i) { data.tagIndex[name] = i; });
    var i = 0;
    days.forEach(function (d, dayIndex) {
      var date = d[0];
      var month = parseInt(date.slice(0, 4), 10) * 100 + parseInt(date.slice(5, 7), 10);
      var dayTags = d[3] || [];
      data.dayDate.push(date);
      data.dayUrl.push(new URL(d[1], base).href);
      d[2].forEach(function (e) {
        var tags = dayTags.slice();
        (e[5] || []).forEach(function (t) { if (tags.indexOf(t) < 0) tags.push(t); });
        tags.forEach(function (t) { data.tagCount[t] += 1; });
        data.day[i] = dayIndex;
        data.number[i] = e[0];
        data.stars[i] = e[1];
        data.kinds[i] = e[2];
        data.month[i] = month;
        data.title[i] = e[3];
        data.abstract[i] = e[4] || "";
        data.tags[i] = tags;
        i += 1;
      });
    });
    // Entries are numbered oldest day first, a day's entries in their order. Newest first
    // keeps each day's entries in their order too; the stars order keeps the newest order
    // among equal ratings (a counting sort: one pass, stable).
    for (var k = 0; k < total; k += 1) data.oldest[k] = k;
    k = 0;
    var d;
    var starts = new Uint32Array(days.length + 1);
    for (d = 0; d < days.length; d += 1) starts[d + 1] = starts[d] + days[d][2].length;
    for (d = days.length - 1; d >= 0; d -= 1) {
      for (var j = starts[d]; j < starts[d + 1]; j += 1) data.newest[k++] = j;
    }
    var buckets = [[], [], [], [], [], []];
    for (k = 0; k < total; k += 1) {
      var e = data.newest[k];
      buckets[5 - Math.min(5, data.stars[e])].push(e);
    }
    data.byStars = Uint32Array.from(Array.prototype.concat.apply([], buckets));
    return data;
  }

  /* What the text box searches: made on the first search, or when the browser is idle after
     the first rows are shown (lower-casing every entry is most of the indexing time). */
  function searchable(data) {
    if (!data.text) {
      var text = new Array(data.total);
      for (var i = 0; i < data.total; i += 1) {
        var words = [data.title[i], data.abstract[i]];
        var tags = data.tags[i];
        for (var t = 0; t < tags.length; t += 1) words.push(data.tagNames[tags[t]]);
        text[i] = words.join("\n").toLowerCase();
      }
      data.text = text;
    }
    return data.text;
  }

  function load(src) {
    if (!loaded[src]) {
      loaded[src] = window.fetch(src, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (raw) {
          var data = prepare(raw, src);
          mark("dairly-explore-data");
          return data;
        });
      loaded[src].catch(function () { delete loaded[src]; }); // a later visit tries again
    }
    return loaded[src];
  }

  function afterPaint(callback) {
    if (window.requestAnimationFrame) {
      window.requestAnimationFrame(function () { window.setTimeout(callback, 0); });
    } else {
      window.setTimeout(callback, 0);
    }
  }

  function mark(name) {
    if (window.performance && window.performance.mark) window.performance.mark(name);
  }

  /* -- the state, in the URL ----------------------------------------------------------- */

  function readState(search) {
    var params = new URLSearchParams(search);
    var stars = parseInt(params.get("stars") || "0", 10);
    var sort = params.get("sort");
    var has = (params.get("has") || "").split(",").filter(function (k, i, all) {
      return KINDS.hasOwnProperty(k) && all.indexOf(k) === i;
    });
    return {
      text: params.get("text") || "",
      stars: stars >= 0 && stars <= 5 ? stars : 0,
      tag: params.get("tag") || "",
      period: /^\d{4}(-\d{2})?$/.test(params.get("period") || "") ? params.get("period") : "",
      has: has,
      sort: SORTS.indexOf(sort) >= 0 ? sort : "newest"
    };
  }

  function writeState(state) {
    var url = new URL(window.location.href);
    KEYS.forEach(function (key) { url.searchParams.delete(key); });
    if (state.text) url.searchParams.set("text", state.text);
    if (state.stars) url.searchParams.set("stars", String(state.stars));
    if (state.tag) url.searchParams.set("tag", state.tag);
    if (state.period) url.searchParams.set("period", state.period);
    if (state.has.length) url.searchParams.set("has", state.has.join(","));
    if (state.sort !== "newest") url.searchParams.set("sort", state.sort);
    if (url.href !== window.location.href) {
      window.history.replaceState(window.history.state, "", url.href);
    }
  }

  /* -- filtering ----------------------------------------------------------------------- */

  function matches(data, state) {
    var terms = state.text.toLowerCase().split(/\s+/).filter(Boolean);
    var want = 0;
    state.has.forEach(function (k) { want |= KINDS[k]; });
    var tag = state.tag ? data.tagIndex[state.tag] : -1;
    if (tag === undefined) tag = -2; // a tag no entry has: nothing matches
    var year = 0;
    var month = 0;
    if (state.period.length === 4) year = parseInt(state.period, 10);
    else if (state.period) month = parseInt(state.period.slice(0, 4) + state.period.slice(5), 10);
    var order = state.sort === "stars" ? data.byStars : data[state.sort];
    var n = order.length;
    var haystack = terms.length ? searchable(data) : null;
    var out = [];
    for (var k = 0; k < n; k += 1) {
      var i = order[k];
      if (data.stars[i] < state.stars) continue;
      if ((data.kinds[i] & want) !== want) continue;
      if (month && data.month[i] !== month) continue;
      if (year && ((data.month[i] / 100) | 0) !== year) continue;
      if (tag !== -1 && data.tags[i].indexOf(tag) < 0) continue;
      var text = terms.length ? haystack[i] : "";
      var found = true;
      for (var t = 0; t < terms.length; t += 1) {
        if (text.indexOf(terms[t]) < 0) { found = false; break; }
      }
      if (found) out.push(i);
    }
    return out;
  }

  /* -- the page ------------------------------------------------------------------------ */

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fill(pattern, values) {
    return pattern.replace(/\{(\w)\}/g, function (all, key) {
      return values.hasOwnProperty(key) ? values[key] : all;
    });
  }

  function Explorer(root) {
    this.root = root;
    this.form = root.querySelector("form");
    this.status = root.querySelector(".dairly-explore__count");
    this.list = root.querySelector(".dairly-explore__rows");
    this.more = root.querySelector(".dairly-explore__more");
    this.lang = document.documentElement.lang || undefined;
    this.state = readState(window.location.search);
    this.data = null;
    this.found = [];
    this.shown = 0;
  }

  Explorer.prototype.text = function (name) {
    return this.root.getAttribute("data-" + name) || "";
  };

  Explorer.prototype.number = function (n) {
    try {
      return n.toLocaleString(this.lang);
    } catch (e) {
      return String(n);
    }
  };

  Explorer.prototype.start = function () {
    var self = this;
    var form = this.form;
    form.hidden = false;
    this.showState();
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      self.state = readState("");
      self.showState();
      self.changed();
    });
    form.elements.text.addEventListener("input", function () {
      self.state.text = form.elements.text.value;
      self.changed();
    });
    form.addEventListener("change", function (event) {
      var name = event.target.name;
      if (name === "text") return;
      if (name === "stars") self.state.stars = parseInt(event.target.value, 10) || 0;
      else if (name === "tag") self.state.tag = event.target.value;
      else if (name === "period") self.state.period = event.target.value;
      else if (name === "sort") self.state.sort = event.target.value;
      else if (name === "has") {
        self.state.has = Object.keys(KINDS).filter(function (kind) {
          return form.querySelector('input[name="has"][value="' + kind + '"]').checked;
        });
      }
      self.changed();
    });
    this.more.addEventListener("click", function () { self.showMore(); });
    writeState(this.state);
    this.root.setAttribute("data-state", "loading");
    this.status.textContent = this.text("loading");
    var src = new URL(this.root.getAttribute("data-src"), window.location.href).href;
    // The data is fetched once the page has been painted (the controls show at once).
    afterPaint(function () {
      mark("dairly-explore-fetch");
      load(src).then(
        function (data) { self.ready(data); },
        function () {
          self.root.setAttribute("data-state", "failed");
          self.status.textContent = self.text("failed");
        }
      );
    });
  };

  /* The controls show the state (a shared URL, a reset). */
  Explorer.prototype.showState = function () {
    var elements = this.form.elements;
    var state = this.state;
    elements.text.value = state.text;
    elements.stars.value = String(state.stars);
    elements.sort.value = state.sort;
    elements.period.value = state.period;
    if (elements.period.value !== state.period) state.period = ""; // not a period of the site
    if (this.data) elements.tag.value = state.tag;
    this.form.querySelectorAll('input[name="has"]').forEach(function (box) {
      box.checked = state.has.indexOf(box.value) >= 0;
    });
  };

  Explorer.prototype.ready = function (data) {
    if (!this.root.isConnected) return; // the reader has moved on
    this.data = data;
    var select = this.form.elements.tag;
    var self = this;
    data.tagNames.forEach(function (name, i) {
      var option = element("option", "", name + " (" + self.number(data.tagCount[i]) + ")");
      option.value = name;
      select.appendChild(option);
    });
    if (this.state.tag && !data.tagIndex.hasOwnProperty(this.state.tag)) this.state.tag = "";
    this.showState();
    this.root.setAttribute("data-state", "ready");
    this.changed();
    mark("dairly-explore-ready");
    if (window.requestIdleCallback) {
      window.requestIdleCallback(function () { searchable(data); }, { timeout: 5000 });
    }
  };

  Explorer.prototype.changed = function () {
    writeState(this.state);
    if (!this.data) return;
    this.found = matches(this.data, this.state);
    this.shown = 0;
    this.list.replaceChildren();
    this.showMore(true);
    var count = fill(this.text("count"), {
      n: this.number(this.found.length),
      m: this.number(this.data.total)
    });
    if (!this.found.length) count += " · " + this.text("none");
    if (this.status.textContent !== count) this.status.textContent = count;
  };

  Explorer.prototype.showMore = function (first) {
    var data = this.data;
    var end = Math.min(this.found.length, this.shown + PAGE);
    var rows = document.createDocumentFragment();
    var firstLink = null;
    for (var k = this.shown; k < end; k += 1) {
      var row = this.row(data, this.found[k]);
      if (!firstLink) firstLink = row.querySelector("a");
      rows.appendChild(row);
    }
    this.list.appendChild(rows);
    this.shown = end;
    var left = this.found.length - end;
    this.more.hidden = left <= 0;
    this.more.textContent = fill(this.text("more"), { n: this.number(Math.min(left, PAGE)) });
    if (!first && firstLink) firstLink.focus(); // the keyboard goes on where the new rows start
  };

  /* One row: date, stars, then the title (linking to the card) with its link kinds and tags. */
  Explorer.prototype.row = function (data, i) {
    var day = data.day[i];
    var row = element("li", "dairly-explore__row");
    var time = element("time", "dairly-explore__date", data.dayDate[day]);
    time.dateTime = data.dayDate[day];
    row.appendChild(time);
    var stars = data.stars[i];
    var rating = element("span", stars ? "dairly-stars" : "dairly-explore__unrated");
    if (stars) {
      var label = fill(this.text("stars-label"), { n: String(stars) });
      rating.setAttribute("data-stars", String(stars));
      rating.setAttribute("role", "img");
      rating.setAttribute("aria-label", label);
      rating.title = label;
    }
    row.appendChild(rating);
    var main = element("span", "dairly-explore__main");
    var link = element("a", "dairly-explore__title", data.title[i]);
    link.href = data.dayUrl[day] + "#entry-" + data.number[i];
    main.appendChild(link);
    var kinds = data.kinds[i];
    for (var kind in KINDS) {
      if (kinds & KINDS[kind]) {
        main.appendChild(element("span", "dairly-explore__kind dairly-explore__kind--" + kind,
          this.text(kind)));
      }
    }
    var tags = data.tags[i];
    for (var t = 0; t < tags.length; t += 1) {
      main.appendChild(element("span", "dairly-explore__tag", data.tagNames[tags[t]]));
    }
    row.appendChild(main);
    return row;
  };

  /* -- binding ------------------------------------------------------------------------- */

  function bind() {
    var root = document.querySelector("[data-dairly-explore]");
    if (!root || root.hasAttribute("data-bound")) return;
    root.setAttribute("data-bound", "");
    new Explorer(root).start();
  }

  function subscribe() {
    if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
      window.document$.subscribe(bind);
    } else {
      bind();
    }
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    subscribe(); // brought in by instant navigation: Material is there already
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", subscribe); // after Material's bundle ran
  } else {
    subscribe();
  }
})();
