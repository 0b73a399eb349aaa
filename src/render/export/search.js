// The glossary search of the exported page and of `shuyu serve`'s workspace: entries from the
// #glossary-data element, filtered as you type into #q (with #status and #type), cards in
// #list. A "shuyu:glossary" event on document with the new records as detail refreshes it.
"use strict";
(function () {
  var entries = JSON.parse(document.getElementById("glossary-data").textContent);
  var list = document.getElementById("list");
  var q = document.getElementById("q");
  var statusSel = document.getElementById("status");
  var typeSel = document.getElementById("type");
  var count = document.getElementById("count");
  var empty = document.getElementById("empty");
  var more = document.getElementById("more");
  var LANG = { zh: "中文", en: "EN", fr: "FR", es: "ES", ru: "RU", ar: "AR" };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function allForms(l) {
    var f = [l.preferred];
    if (l.abbr) f.push(l.abbr);
    return f.concat(l.admitted, l.deprecated);
  }
  // Text with every occurrence of the query marked, built from text nodes (never innerHTML,
  // so nothing in the glossary is ever read as markup).
  function marked(parent, text, needle) {
    if (!needle) { parent.appendChild(document.createTextNode(text)); return parent; }
    var low = text.toLowerCase(), at = 0, i;
    while ((i = low.indexOf(needle, at)) >= 0) {
      parent.appendChild(document.createTextNode(text.slice(at, i)));
      parent.appendChild(el("mark", null, text.slice(i, i + needle.length)));
      at = i + needle.length;
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
    return parent;
  }

  function card(e, n) {
    var hay = [e.id, e.note || ""].concat(e.sources, e.variants, e.en_suggestions);
    var forms = [];
    e.langs.forEach(function (l) { forms = forms.concat(allForms(l)); });
    return { e: e, n: n, hay: hay.concat(forms).join("\n").toLowerCase(),
             forms: forms.map(function (f) { return f.toLowerCase(); }), node: null };
  }
  var cards = entries.map(card);

  function render(c, needle) {
    var e = c.e, a = el("article", "entry");
    a.id = "entry-" + e.id;
    a.setAttribute("data-id", e.id);
    a.setAttribute("data-status", e.status);
    a.setAttribute("data-type", e.type);
    var head = el("div", "head");
    var zh = e.langs.filter(function (l) { return l.code === "zh"; })[0];
    var en = e.langs.filter(function (l) { return l.code === "en"; })[0];
    if (zh) head.appendChild(marked(el("span", "zh"), zh.preferred, needle));
    if (en) head.appendChild(marked(el("span", "en"), en.preferred, needle));
    var badges = el("span", "badges");
    badges.appendChild(el("span", "badge " + e.status, e.status));
    badges.appendChild(el("span", "badge", e.type));
    badges.appendChild(el("code", "id", e.id));
    head.appendChild(badges);
    a.appendChild(head);
    var dl = el("dl", "forms");
    e.langs.forEach(function (l) {
      dl.appendChild(el("dt", null, LANG[l.code] || l.code));
      var dd = el("dd");
      var pref = marked(el("strong", "form"), l.preferred, needle);
      pref.title = "preferred";
      dd.appendChild(pref);
      if (l.abbr) {
        dd.appendChild(el("span", "label", "abbr"));
        dd.appendChild(marked(el("span", "form"), l.abbr, needle));
      }
      l.admitted.forEach(function (f) {
        dd.appendChild(el("span", "label", "admitted"));
        dd.appendChild(marked(el("span", "form"), f, needle));
      });
      l.deprecated.forEach(function (f) {
        dd.appendChild(el("span", "label", "deprecated"));
        var d = marked(el("del", "form"), f, needle);
        d.title = "deprecated: do not use";
        dd.appendChild(d);
      });
      dl.appendChild(dd);
    });
    a.appendChild(dl);
    if (e.note) a.appendChild(marked(el("p", "note"), e.note, needle));
    if (e.sources.length) a.appendChild(el("p", "sources", "Sources: " + e.sources.join(", ")));
    if (e.stats) a.appendChild(el("p", "sources", "Corpus: " + e.stats[0] + " occurrences in " + e.stats[1] + " documents"));
    if (e.variants.length) a.appendChild(marked(el("p", "sources review"), "Possible variants (to review): " + e.variants.join(", "), needle));
    if (e.en_suggestions.length) a.appendChild(marked(el("p", "sources review"), "Suggested English (to review): " + e.en_suggestions.join("; "), needle));
    if (e.contexts.length) {
      var det = el("details"), ul = el("ul");
      det.appendChild(el("summary", null, "Contexts (" + e.contexts.length + ")"));
      e.contexts.forEach(function (t) { ul.appendChild(marked(el("li"), t, needle)); });
      det.appendChild(ul);
      a.appendChild(det);
    }
    return a;
  }

  // Only matching entries are put in the page, and at most LIMIT of them until asked: a
  // glossary grown by merge has thousands of candidates, and typing must stay instant.
  var LIMIT = 200, showAll = false;

  function update() {
    var needle = q.value.trim().toLowerCase();
    var words = needle.split(/\s+/).filter(Boolean);
    var st = statusSel.value, ty = typeSel.value;
    var matching = cards.filter(function (c) {
      return (!st || c.e.status === st) && (!ty || c.e.type === ty) &&
             words.every(function (w) { return c.hay.indexOf(w) >= 0; });
    });
    // Entries with the query as a whole form come first: the answer to "how do we say X".
    if (needle) {
      matching.sort(function (x, y) {
        var a = x.forms.indexOf(needle) >= 0 ? 0 : 1;
        var b = y.forms.indexOf(needle) >= 0 ? 0 : 1;
        return a - b || x.n - y.n;
      });
    }
    var shown = showAll ? matching : matching.slice(0, LIMIT);
    var frag = document.createDocumentFragment();
    shown.forEach(function (c) { frag.appendChild(render(c, needle)); });
    list.replaceChildren(frag);
    empty.hidden = matching.length > 0;
    more.hidden = shown.length === matching.length;
    more.textContent = "Show all " + matching.length + " matching entries";
    count.textContent = matching.length + " of " + cards.length + " entries";
  }

  function fromHash() {
    var m = /(?:^#|&)q=([^&]*)/.exec(location.hash);
    if (m) {
      try { q.value = decodeURIComponent(m[1].replace(/\+/g, " ")); } catch (err) { q.value = m[1]; }
    }
  }
  function toHash() {
    var v = q.value.trim();
    history.replaceState(null, "", v ? "#q=" + encodeURIComponent(v) : location.pathname + location.search);
  }

  function refilter() { showAll = false; update(); }
  q.addEventListener("input", function () { refilter(); toHash(); });
  statusSel.addEventListener("change", refilter);
  typeSel.addEventListener("change", refilter);
  more.addEventListener("click", function () { showAll = true; update(); });
  window.addEventListener("hashchange", function () { fromHash(); refilter(); });
  // "/" is a character to type in any other field, so it only jumps to the search from outside one.
  function typing(t) {
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "/" && !typing(document.activeElement)) { ev.preventDefault(); q.focus(); q.select(); }
    if (ev.key === "Escape" && document.activeElement === q) { q.value = ""; refilter(); toHash(); }
  });
  document.addEventListener("shuyu:glossary", function (ev) {
    entries = ev.detail;
    cards = entries.map(card);
    update();
  });
  fromHash();
  update();
})();
