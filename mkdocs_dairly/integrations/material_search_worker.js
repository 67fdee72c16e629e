/* mkdocs-dairly: Material's search worker, with the results that contain what was typed
 * first. Material's own worker follows this part unchanged; the part after it wraps
 * lunr's Index.prototype.search (see mkdocs_dairly/integrations/material_search.py).
 *
 * Every indexed section whose title or text contains the query as typed (case, zero-width
 * spaces and spaces not between two Latin letters or digits aside; a Latin start only at a
 * word start) is ranked above the sections that do not, in Material's own order, and the
 * sections Material's query missed are added. Material's results are all kept; a query
 * using Material's syntax (+, -, *, ~, ^, field:) is left to Material alone. */
var __dairlySearch = (function () {
  "use strict"
  var state = { typed: null, docs: null }
  var ENTITIES = { lt: "<", gt: ">", amp: "&", quot: "\"", "#39": "'", "#x27": "'" }
  // Lower case, zero-width spaces out, spaces kept only between Latin letters or digits;
  // the blocks of Material's section text (paragraphs, list items) kept apart.
  function plain(text, html) {
    text = String(text || "")
    if (html)
      text = text
        .replace(/<\/?(?:p|li|ol|ul|pre)\b[^>]*>/g, "\u0001")
        .replace(/<[^>]*>/g, "")
        .replace(/&(lt|gt|amp|quot|#39|#x27);/g, function (_, name) { return ENTITIES[name] })
    return text
      .replace(/\u200b/g, "")
      .replace(/\s+/g, " ")
      .trim()
      .toLowerCase()
      .replace(/ (?![a-z0-9])|(?<![a-z0-9]) /g, "")
  }
  state.plain = plain
  self.addEventListener("message", function (ev) {
    var message = ev.data
    if (!message) return
    if (message.type === 0 && message.data && Array.isArray(message.data.docs)) {
      var docs = new Map()
      message.data.docs.forEach(function (doc) {
        if (doc && typeof doc.location === "string")
          docs.set(doc.location, { title: plain(doc.title, true), text: plain(doc.text, true) })
      })
      state.docs = docs
    } else if (message.type === 2 && typeof message.data === "string") {
      state.typed = message.data
    }
  })
  return state
})();
/* dairly: Material's worker */
;(function (state) {
  "use strict"
  var lunr = self.lunr
  if (!lunr || !lunr.Index || typeof lunr.Index.prototype.search !== "function") return
  var search = lunr.Index.prototype.search
  var SYNTAX = /(^|\s)[+-]|[*~^:]/
  var LATIN = /[a-z0-9]/
  var LIFT = 1e12 // above any lunr score (Material boosts tags by 1e6)

  // The query as a phrase, or null for a query in Material's syntax.
  function phrase(typed) {
    if (typeof typed !== "string" || SYNTAX.test(typed.trim())) return null
    var value = state.plain(typed.replace(/"/g, " "), false)
    return value || null
  }

  function contains(text, needle) {
    var latin = LATIN.test(needle.charAt(0))
    for (var at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1))
      if (!latin || at === 0 || !LATIN.test(text.charAt(at - 1))) return true
    return false
  }

  function rank(doc, needle) {
    if (!doc) return 0
    return contains(doc.title, needle) ? 2 : contains(doc.text, needle) ? 1 : 0
  }

  // Material's query terms, as it compares them with the terms matched (wildcards off).
  function queryTerms(query) {
    var parsed = new lunr.Query(["title", "text", "tags"])
    new lunr.QueryParser(query, parsed).parse()
    return parsed.clauses
      .filter(function (c) { return c.presence !== lunr.Query.presence.PROHIBITED })
      .map(function (c) { return c.term.replace(/^\*|\*$/g, "") })
  }

  // A section that contains the phrase matched every term: no "missing" line under it.
  function cover(metadata, terms) {
    var keys = Object.keys(metadata)
    terms.forEach(function (term) {
      if (!keys.some(function (key) { return key.indexOf(term) === 0 })) metadata[term] = {}
    })
    return metadata
  }

  function lift(results, query) {
    var needle = phrase(state.typed)
    if (needle === null || !state.docs) return results
    var terms = queryTerms(query)
    var seen = new Set()
    results.forEach(function (result) {
      seen.add(result.ref)
      var r = rank(state.docs.get(result.ref), needle)
      if (r) {
        result.score = LIFT * r + result.score
        cover(result.matchData.metadata, terms)
      }
    })
    state.docs.forEach(function (doc, ref) {
      var r = seen.has(ref) ? 0 : rank(doc, needle)
      if (r) results.push({ ref: ref, score: LIFT * r, matchData: { metadata: cover({}, terms) } })
    })
    return results.sort(function (a, b) { return b.score - a.score })
  }

  lunr.Index.prototype.search = function (query) {
    var results = search.call(this, query)
    try {
      return lift(results, query)
    } catch (err) {
      return results
    }
  }
})(__dairlySearch);
