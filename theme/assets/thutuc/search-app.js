/* The search box's view: what the page shows and does as a resident types. Names come
   ranked from search-ranking.js (with the folding of search-folding.js, both DOM-free and
   tested with Node's runner), then pages whose text holds the query (search-body.js).

   search.js loads this file, MiniSearch, the title index and the two modules together when
   the box is first used, and keeps an Enter pressed before they arrive (data-pending). */
(function () {
  "use strict";

  var box = document.querySelector("[data-tt-search]");
  if (!box || box.thutucSearch) return;  // loaded again after a failed try: already running

  var PAGE = 8;
  /* The pause in typing after which the text of the pages is searched (ms). */
  var BODY_PAUSE = 300;
  var fromFolder = location.protocol === "file:";
  var hotline = box.getAttribute("data-hotline") || "";
  /* What is said before search-results.js (with every other text) has arrived. */
  var EARLY = {
    loading: "Đang tải danh mục thủ tục…",
    short: "Gõ thêm chữ để tìm thủ tục.",
    failed: "Không tải được danh mục thủ tục. Hãy kiểm tra kết nối mạng rồi thử lại.",
  };
  // -- folding and ranking: search-folding.js and search-ranking.js -----------------------

  var WORD = /[a-z0-9]+/g;
  var folding = null;
  var ranking = null;
  var results = null;
  var TEXT = null;
  /* With the folding table the title index carries. */
  function prepare(index) {
    var modules = window.thutucSearchModules;
    results = modules.results;
    TEXT = results.TEXT;
    folding = modules.folding.makeFolding(index.fold);
    ranking = modules.ranking.makeRanking(folding, window.MiniSearch);
  }
  var modulesHere = window.thutucSearchModules || {};
  if (window.thutucTitleIndex && window.MiniSearch && modulesHere.folding && modulesHere.ranking &&
    modulesHere.results) {
    prepare(window.thutucTitleIndex);
  }
  function fold(text) { return folding.fold(text); }
  function words(text) { return folding.words(text); }

  // -- the index: loaded once, on first use -----------------------------------------------

  var base = box.getAttribute("data-base");  // "" on the 404 page of a site at the root
  var root = new URL((base === null ? "." : base) + "/", location.href);
  var ready = null;
  var catalogue = null;

  /* A script beside this one (search.js loads them together; from here only after a failure). */
  function sibling(name) {
    return box.getAttribute("data-app").replace(/search-app\.js(\?.*)?$/, name);
  }

  function loadScript(src, present) {
    if (present) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = resolve;
      script.onerror = function () { script.remove(); reject(new Error(src)); };
      document.head.appendChild(script);
    });
  }

  /* search.js has normally run MiniSearch and the index before this file; if either failed
     to arrive, it is asked for again here. */
  function load() {
    if (!ready) {
      ready = Promise.all([
        loadScript(box.getAttribute("data-engine"), window.MiniSearch),
        loadScript(new URL(box.getAttribute("data-index"), root).href, window.thutucTitleIndex),
        loadScript(sibling("search-folding.js"), modulesHere.folding),
        loadScript(sibling("search-ranking.js"), modulesHere.ranking),
        loadScript(sibling("search-results.js"), modulesHere.results),
      ]).then(function () {
        prepare(window.thutucTitleIndex);
        catalogue = ranking.buildCatalogue(window.thutucTitleIndex);
        if (!fromFolder) loadBodyModule().catch(function () {});  // ready before a pause
        return catalogue;
      });
      ready.catch(function () { ready = null; });
    }
    return ready;
  }

  function href(path) {
    var url = new URL(path, root).href;
    return fromFolder && url.slice(-1) === "/" ? url + "index.html" : url;
  }


  // -- showing results --------------------------------------------------------------------

  var input = box.querySelector("input[type=search]");
  var form = box.querySelector("form");
  var status = box.querySelector(".tt-search__status");
  var list = box.querySelector(".tt-search__results");
  var moreButton = box.querySelector(".tt-search__more");
  var state = { query: "", names: [], weak: [], partial: [], shown: 0, body: null,
    bodyQuery: null, bodyTotal: 0 };

  /* The title with the syllables that matched the query in <mark>. */
  function highlighted(parent, text, tokens) {
    var folded = fold(text.normalize("NFC"));
    if (folded.length !== text.length || !tokens.length) {
      parent.appendChild(document.createTextNode(text));
      return;
    }
    var at = 0, match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(folded))) {
      var best = 0, size = 0;
      tokens.forEach(function (q) {
        var r = ranking.relation(q, match[0]);
        if (r > best) { best = r; size = r === ranking.PREFIX ? q.text.length : match[0].length; }
      });
      if (!best) continue;
      parent.appendChild(document.createTextNode(text.slice(at, match.index)));
      var marked = document.createElement("mark");
      marked.textContent = text.substr(match.index, size);
      parent.appendChild(marked);
      at = match.index + size;
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function resultItem(hit) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.className = "tt-search__result";
    link.href = hit.href;
    var title = document.createElement("strong");
    highlighted(title, hit.title, hit.tokens || []);
    link.appendChild(title);
    var detail = document.createElement("span");
    highlighted(detail, hit.detail, hit.tokens || []);
    link.appendChild(detail);
    li.appendChild(link);
    return li;
  }

  function detailOf(hit) {
    var doc = hit.doc;
    if (doc.kind === "field") return TEXT.field + " · " + TEXT.count(doc.field.count);
    var parts = [doc.retired ? TEXT.retired : doc.field.name, doc.code];
    var unmatched = hit.tokens.filter(function (q) { return ranking.bestIn(q, doc.tokens) === 0; });
    var keywords = doc.keywordText.filter(function (k, i) {
      return unmatched.some(function (q) { return ranking.bestIn(q, doc.keywords[i]) > 0; });
    });
    if (keywords.length) parts.push(TEXT.keywords + keywords.join(", "));
    return parts.join(" · ");
  }

  function say(text, withHotline) {
    status.textContent = text;
    if (withHotline && hotline) {
      var link = document.createElement("a");
      link.href = "tel:" + hotline.replace(/[^0-9+]/g, "");
      link.textContent = hotline;
      status.appendChild(link);
      status.appendChild(document.createTextNode("."));
    }
    open(true);
  }

  function open(on) { box.classList.toggle("tt-search--open", on); }

  /* Names, then pages, in the order of search-results.js's `merge`. */
  function allHits() {
    var body = state.body && state.bodyQuery === state.query ? state.body : [];
    return results.merge({ names: state.names, weak: state.weak, partial: state.partial,
      body: body });
  }

  function render() {
    var hits = allHits();
    var named = state.names.length + state.weak.length + state.partial.length;
    list.textContent = "";
    hits.slice(0, state.shown).forEach(function (hit) { list.appendChild(resultItem(hit)); });
    var left = hits.length - Math.min(state.shown, hits.length);
    var bodyDone = state.bodyQuery === state.query && state.body !== null;
    // What is shown: "names" while page texts may still add hits, "done" once they cannot.
    box.setAttribute("data-search", bodyDone || fromFolder || state.names.length >= PAGE ?
      "done" : "names");
    moreButton.hidden = !(left > 0 || (!bodyDone && !fromFolder && hits.length > 0));
    moreButton.textContent = left > 0 ? TEXT.more(left) : TEXT.body;
    if (!hits.length) {
      if (!bodyDone && !fromFolder) return say(TEXT.bodySearching);
      return say(TEXT.none(state.query, hotline) + (fromFolder ? TEXT.bodyOffline : ""), true);
    }
    say(results.summary({ names: state.names.length, weak: state.weak.length,
      partial: state.partial.length, body: hits.length - named, bodyDone: bodyDone,
      bodyLoaded: bodyDone ? state.body.length : 0, bodyTotal: state.bodyTotal },
      state.query));
  }

  /* The names for `query` at once; the text of the pages too unless enough names hold the
     query well (not only through short-syllable collisions, see search-ranking.js). */
  function show(query) {
    state.query = query;
    state.shown = PAGE;
    state.names = [];
    state.weak = [];
    state.partial = [];
    ranking.rank(catalogue, query).forEach(function (r) {
      var hit = { href: href(r.doc.url), title: r.doc.title, detail: detailOf(r),
        tokens: r.tokens };
      (r.score.partial ? state.partial : r.score.weak ? state.weak : state.names).push(hit);
    });
    render();
    if (state.names.length < PAGE) bodySearch(query);
  }

  // -- full text: the body index (search-body.js), after the names ---------------------

  var BODY_DIR = "search/body/";  // generator/build/bodyindex.py's BODY_DIR
  var bodyTimer = 0;
  var bodyFiles = new Map();  // name -> promise of its parsed JSON (null: the site has none)
  var bodyPages = null;       // the title index's procedures, in the body index's order

  function bodyFile(name) {
    if (!bodyFiles.has(name)) {
      var url = new URL(BODY_DIR + name, root).href;
      // Revalidated, so a rebuilt site is never searched with yesterday's files.
      var loading = fetch(url, { cache: "no-cache" }).then(function (response) {
        if (response.status === 404) return null;
        if (!response.ok) throw new Error(url);
        return response.json();
      });
      loading.catch(function () { bodyFiles.delete(name); });
      bodyFiles.set(name, loading);
    }
    return bodyFiles.get(name);
  }

  /* Procedures in the order of their pages' paths, as the body index numbers them. */
  function pagesInOrder() {
    if (!bodyPages) {
      bodyPages = catalogue.docs.filter(function (doc) { return doc.kind === "procedure"; })
        .map(function (doc) { return { doc: doc, path: doc.url + "index.html" }; })
        .sort(function (a, b) { return a.path < b.path ? -1 : a.path > b.path ? 1 : 0; })
        .map(function (entry) { return entry.doc; });
    }
    return bodyPages;
  }

  /* search-body.js, fetched once the names are ready (not with them: a seventh request at
     once would wait for one of the six a browser opens to a host over HTTP/1.1). */
  var bodyModule = null;
  function loadBodyModule() {
    if (!bodyModule) {
      bodyModule = loadScript(sibling("search-body.js"), (window.thutucSearchModules || {}).body)
        .then(function () { return window.thutucSearchModules.body; });
      bodyModule.catch(function () { bodyModule = null; });
    }
    return bodyModule;
  }

  function findInBodies(query) {
    return loadBodyModule().then(function (body) { return findWith(body, query); });
  }

  function findWith(body, query) {
    var wanted = words(query);
    var names = body.filesFor(wanted);
    return Promise.all(names.map(bodyFile)).then(function (parsed) {
      var files = {};
      names.forEach(function (name, i) { files[name] = parsed[i]; });
      var pages = pagesInOrder();
      return body.search(files, wanted, pages.length).map(function (found) {
        var doc = pages[found.page];
        return { href: href(doc.url), title: doc.title, phrase: found.phrase, tokens: [],
          detail: detailOf({ doc: doc, tokens: [] }) };
      });
    });
  }

  /* Body hits for `query`, after a pause in typing; resolves when they are in `state`. */
  function bodySearch(query, now) {
    clearTimeout(bodyTimer);
    if (fromFolder) {
      state.body = [];
      state.bodyQuery = query;
      return Promise.resolve();
    }
    return new Promise(function (resolve) {
      bodyTimer = setTimeout(function () {
        findInBodies(query)
          .catch(function () { return []; })
          .then(function (hits) {
            if (query === state.query) {
              state.body = hits;
              state.bodyTotal = hits.length;
              state.bodyQuery = query;
              render();
            }
            resolve();
          });
      }, now ? 0 : BODY_PAUSE);
    });
  }

  // -- wiring -----------------------------------------------------------------------------

  function run() {
    var query = input.value.trim();
    if (!query) { state.query = ""; list.textContent = ""; status.textContent = "";
      moreButton.hidden = true; open(false); return; }
    if (query.normalize("NFD").replace(/[^\p{L}\p{N}]/gu, "").length < 2) {
      // One letter matches most of the catalogue: wait for the next.
      state.query = "";
      list.textContent = "";
      moreButton.hidden = true;
      return say(EARLY.short);
    }
    if (!catalogue) say(EARLY.loading);
    load().then(function () { if (input.value.trim() === query) show(query); },
      function () { say(EARLY.failed); });
  }

  function go() {
    var query = input.value.trim();
    if (!query) return;
    load().then(function () {
      if (state.query !== query) show(query);
      var first = state.names[0];
      if (first) { location.href = first.href; return null; }
      return bodySearch(query, true).then(function () {
        var hit = allHits()[0];
        if (hit && state.query === query) location.href = hit.href;
      });
    }, function () { say(EARLY.failed); });
  }

  ["focus", "pointerdown", "touchstart"].forEach(function (name) {
    input.addEventListener(name, function () { load().catch(function () {}); },
      { passive: true });
  });
  input.addEventListener("input", run);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { input.value = ""; run(); }
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); go(); });
  moreButton.addEventListener("click", function () {
    if (state.shown < allHits().length) {
      state.shown += PAGE;
      render();
      var items = list.querySelectorAll("a");
      if (items[state.shown - PAGE]) items[state.shown - PAGE].focus();
    } else {
      moreButton.textContent = TEXT.bodySearching;
      bodySearch(state.query, true);
    }
  });
  document.addEventListener("click", function (event) {
    if (!box.contains(event.target)) open(false);
  });
  input.addEventListener("focus", function () { if (list.children.length) open(true); });

  /* For tests and the bench: the same folding and ranking, without the page around them. */
  box.thutucSearch = {
    fold: function (text) { return folding.fold(text); },
    slugOf: function (title) { return folding.slugOf(title); },
    rank: function (query) {
      return load().then(function (c) {
        return ranking.rank(c, query).map(function (r) {
          return { url: r.doc.url, title: r.doc.title, score: r.score };
        });
      });
    },
  };

  // What was typed, or asked for with ?q= (the form without JavaScript), before this arrived.
  var asked = new URLSearchParams(location.search).get("q");
  if (asked && !input.value) input.value = asked;
  if (box.getAttribute("data-pending") === "go") {
    box.removeAttribute("data-pending");
    go();
  } else if (input.value.trim()) {
    run();
  }
})();
