/* The search box: procedure and field names ranked in the browser from a small title index
   (search/titles.js, built by generator/build/titles.py), then Pagefind's full-text hits.

   search.js loads this file, MiniSearch and the index together when the box is first used,
   and keeps an Enter pressed before they arrive (data-pending). MiniSearch (vendored,
   pinned) finds candidate names with prefix and one-letter-typo matching; the ranking on
   top is made for procedure names: the query's syllables as a phrase in the title first,
   then all of them in the title, then keywords, then the field; ties go to the shorter,
   more general title.
   Folding is search-folding.js, with the table of generator/content/folding.py. */
(function () {
  "use strict";

  var box = document.querySelector("[data-tt-search]");
  if (!box || box.thutucSearch) return;  // loaded again after a failed try: already running

  var PAGE = 8;
  /* Pagefind hits shown at most: each costs a request for its text. */
  var BODY_LOADED = 16;
  var fromFolder = location.protocol === "file:";
  var hotline = box.getAttribute("data-hotline") || "";
  var TEXT = {
    loading: "Đang tải danh mục thủ tục…",
    short: "Gõ thêm chữ để tìm thủ tục.",
    found: function (n) { return "Tìm thấy " + n + " kết quả."; },
    foundMore: function (n, m) {
      return "Tìm thấy " + n + " kết quả theo tên, và " + m + " thủ tục khác có nhắc đến " +
        "trong nội dung.";
    },
    foundMany: function (n, total, shown) {
      return "Tìm thấy " + n + " kết quả theo tên. Nội dung của " + total + " thủ tục có " +
        "nhắc đến; dưới đây thêm " + shown + " thủ tục đầu. Gõ thêm chữ để thu hẹp.";
    },
    none: function (q) {
      return "Không tìm thấy thủ tục nào cho “" + q + "”. Hãy thử gõ ít chữ hơn hoặc từ khác, " +
        "ví dụ “khai sinh”, “thường trú”" + (hotline ? ", hoặc gọi đường dây nóng " : ".");
    },
    failed: "Không tải được danh mục thủ tục. Hãy kiểm tra kết nối mạng rồi thử lại.",
    bodyOffline: " Tìm trong nội dung chỉ hoạt động khi trang được mở qua máy chủ web.",
    more: function (n) { return "Xem thêm (còn " + n + " kết quả)"; },
    body: "Tìm thêm trong nội dung các thủ tục",
    bodySearching: "Đang tìm trong nội dung…",
    field: "Lĩnh vực",
    count: function (n) { return n + " thủ tục"; },
    retired: "Không còn áp dụng",
    keywords: "Từ khóa: ",
  };

  // -- folding: search-folding.js, with the table the title index carries ----------------

  var WORD = /[a-z0-9]+/g;
  var folding = null;
  function useFolding(index) {
    folding = window.thutucSearchModules.folding.makeFolding(index.fold);
  }
  if (window.thutucTitleIndex && window.thutucSearchModules) useFolding(window.thutucTitleIndex);
  function bare(text) { return folding.bare(text); }
  function fold(text) { return folding.fold(text); }
  function words(text) { return folding.words(text); }
  function slugOf(title) { return folding.slugOf(title); }

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
        loadScript(sibling("search-folding.js"), window.thutucSearchModules),
      ]).then(function () {
        useFolding(window.thutucTitleIndex);
        catalogue = buildCatalogue(window.thutucTitleIndex);
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

  function makeDoc(id, title, extra) {
    var folded = fold(title);
    var doc = { id: id, title: title, tokens: folded.match(WORD) || [], keywords: [] };
    for (var key in extra) doc[key] = extra[key];
    return doc;
  }

  function buildCatalogue(data) {
    var docs = [];
    var fields = data.fields.map(function (f) { return { name: f[0], slug: f[1], count: 0 }; });
    fields.forEach(function (f) {
      docs.push(makeDoc(docs.length, f.name, { kind: "field", field: f,
        url: data.paths.field + f.slug + "/" }));
    });
    data.procedures.forEach(function (p) {
      var field = fields[p[3]];
      field.count += p[5] ? 0 : 1;
      var doc = makeDoc(docs.length, p[0], { kind: "procedure", code: p[2], field: field,
        retired: !!p[5], url: data.paths.procedure + (p[1] || slugOf(p[0])) + "/" });
      doc.keywordText = p[4] || [];
      doc.keywords = doc.keywordText.map(words);
      docs.push(doc);
    });
    var vocabulary = new Set();
    var engine = new MiniSearch({
      fields: ["t", "k", "f"],
      tokenize: function (text) { return text.split(" "); },
      processTerm: function (term) { return term || null; },
      searchOptions: { boost: { t: 3, k: 2, f: 1 }, combineWith: "OR" },
    });
    engine.addAll(docs.map(function (doc) {
      var keywordTokens = [].concat.apply([], doc.keywords);
      var fieldTokens = doc.kind === "procedure" ? words(doc.field.name) : [];
      doc.fieldTokens = fieldTokens;
      doc.tokens.concat(keywordTokens, fieldTokens).forEach(function (t) { vocabulary.add(t); });
      return { id: doc.id, t: doc.tokens.join(" "), k: keywordTokens.join(" "),
        f: fieldTokens.join(" ") };
    }));
    var synonyms = data.synonyms.map(function (group) {
      return group.map(function (text) { return text.split(" "); });
    });
    synonyms.forEach(function (group) {
      group.forEach(function (tokens) { tokens.forEach(function (t) { vocabulary.add(t); }); });
    });
    var byCode = {};
    docs.forEach(function (doc) { if (doc.code) byCode[doc.code.toLowerCase()] = doc; });
    return { docs: docs, engine: engine, synonyms: synonyms, byCode: byCode,
      vocabulary: vocabulary, sorted: Array.from(vocabulary).sort() };
  }

  // -- reading the query -------------------------------------------------------------------

  /* Words that say how, not what ("xin", "làm ... ở đâu"): a name need not hold them, but
     one that does ranks higher. Syllables that fold onto real title words (căn, thẻ, mất,
     đầu) are not here. */
  var FILLER_PAIRS = new Set(["thu tuc", "ho so", "giay to", "o dau", "can gi", "the nao",
    "bao nhieu", "bao lau", "ra sao", "nhu the"]);
  var SOLO_FILLERS = new Set(["xin", "lam", "cach", "muon", "gi", "nao", "toi", "minh", "nop",
    "phai"]);

  function hasPrefix(catalogue, stem) {
    var list = catalogue.sorted, low = 0, high = list.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (list[mid] < stem) low = mid + 1; else high = mid;
    }
    return low < list.length && list[low].lastIndexOf(stem, 0) === 0;
  }

  /* "khaisinh" → "khai sinh": the fewest known syllables that spell a word the index does not
     know; the last may be a prefix when it ends the query. */
  function split(catalogue, token, last) {
    var n = token.length, best = [[]];
    for (var end = 1; end <= n; end++) {
      best[end] = null;
      for (var start = Math.max(0, end - 7); start <= end - 2; start++) {
        var piece = fold(token.slice(start, end));
        var known = catalogue.vocabulary.has(piece) ||
          (last && end === n && hasPrefix(catalogue, piece));
        if (known && best[start] && (!best[end] || best[start].length + 1 < best[end].length)) {
          best[end] = best[start].concat([piece]);
        }
      }
    }
    return best[n] && best[n].length > 1 && best[n].length <= 8 ? best[n] : null;
  }

  function analyse(catalogue, query) {
    var tokens = [];
    var raw = query.normalize("NFC").toLowerCase();
    var folded = fold(raw);
    var match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(folded))) {
      tokens.push({ text: match[0], raw: raw.substr(match.index, match[0].length) });
    }
    var out = [];
    tokens.forEach(function (token, i) {
      var last = i === tokens.length - 1;
      var known = catalogue.vocabulary.has(token.text) ||
        (last && hasPrefix(catalogue, token.text));
      var pieces = known || token.text.length < 4 ? null : split(catalogue, token.text, last);
      if (pieces) {
        pieces.forEach(function (p) { out.push({ text: p, raw: p }); });
      } else {
        out.push(token);
      }
    });
    for (var i = 0; i < out.length; i++) {
      var pair = i + 1 < out.length && FILLER_PAIRS.has(out[i].text + " " + out[i + 1].text);
      if (pair) { out[i].filler = out[i + 1].filler = true; i++; continue; }
      if (SOLO_FILLERS.has(out[i].text)) out[i].filler = true;
    }
    if (out.every(function (t) { return t.filler; })) {
      out.forEach(function (t) { t.filler = false; });
    }
    return out;
  }

  /* The query, and the query with each synonym phrase it holds replaced by the others. */
  function variants(catalogue, tokens) {
    var list = [tokens];
    var texts = tokens.map(function (t) { return t.text; });
    catalogue.synonyms.forEach(function (group) {
      group.forEach(function (phrase) {
        for (var at = 0; at + phrase.length <= texts.length; at++) {
          if (phrase.join(" ") !== texts.slice(at, at + phrase.length).join(" ")) continue;
          group.forEach(function (other) {
            if (other === phrase || list.length >= 16) return;
            var swapped = other.map(function (t) { return { text: t, raw: t, synonym: true }; });
            list.push(tokens.slice(0, at).concat(swapped, tokens.slice(at + phrase.length)));
          });
        }
      });
    });
    return list;
  }

  // -- ranking ----------------------------------------------------------------------------

  var EXACT = 1, PREFIX = 0.85, FUZZY = 0.6;

  function withinOneEdit(a, b) {
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0, j = 0, edits = 0;
    while (i < la && j < lb) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (la > lb) i++; else if (lb > la) j++; else { i++; j++; }
    }
    return edits + (la - i) + (lb - j) <= 1;
  }

  /* How well a query syllable matches a syllable of a name: exact, a prefix (the syllable
     still being typed), or one letter off (only for syllables the index does not know). */
  function relation(q, term) {
    if (q.text === term) return EXACT;
    if (q.last && term.lastIndexOf(q.text, 0) === 0) return PREFIX;
    if (q.fuzzy && withinOneEdit(q.text, term)) return FUZZY;
    return 0;
  }

  function bestIn(q, terms) {
    var best = 0;
    for (var j = 0; j < terms.length; j++) best = Math.max(best, relation(q, terms[j]));
    return best;
  }

  /* The query's required syllables held adjacent and in order: how many at best, and how
     well they match there. A filler the name does not hold at that point is skipped. */
  function phraseRun(tokens, terms) {
    var best = { run: 0, quality: 0 };
    for (var start = 0; start < terms.length; start++) {
      var at = start, run = 0, quality = 0;
      for (var k = 0; k < tokens.length; k++) {
        var r = at < terms.length ? relation(tokens[k], terms[at]) : 0;
        if (r > 0) {
          at++;
          quality += r;
          if (!tokens[k].filler) run++;
        } else if (!tokens[k].filler) {
          break;
        }
      }
      if (run > best.run || (run === best.run && quality > best.quality)) {
        best = { run: run, quality: quality };
      }
    }
    return best;
  }

  /* How well the whole query, fillers included, is one of the name's keywords (0: it is not):
     editors write the words residents use ("làm sổ đỏ") as keywords. */
  function wholeKeyword(tokens, keywords) {
    var best = 0;
    keywords.forEach(function (k) {
      if (k.length !== tokens.length) return;
      var quality = 0;
      for (var i = 0; i < k.length; i++) {
        var r = relation(tokens[i], k[i]);
        if (!r) return;
        quality += r;
      }
      best = Math.max(best, quality);
    });
    return best;
  }

  function score(doc, tokens) {
    var required = tokens.filter(function (q) { return !q.filler; });
    var quality = 0, covered = 0, inTitle = 0, inKeywords = 0, accents = 0;
    tokens.forEach(function (q) {
      var title = bestIn(q, doc.tokens);
      var keyword = 0;
      doc.keywords.forEach(function (k) { keyword = Math.max(keyword, bestIn(q, k)); });
      var field = bestIn(q, doc.fieldTokens || []);
      quality += Math.max(title, 0.8 * keyword, 0.5 * field);
      if (q.filler) return;
      if (title) inTitle++;
      if (title || keyword) inKeywords++;
      if (title || keyword || field) covered++;
      if (title === EXACT && q.raw !== q.text && doc.title.toLowerCase().indexOf(q.raw) >= 0) {
        accents++;
      }
    });
    var n = required.length;
    var keywordPhrase = doc.keywords.some(function (k) { return phraseRun(tokens, k).run === n; });
    var phrase = inTitle === n ? phraseRun(tokens, doc.tokens) : { run: 0 };
    var keyword = wholeKeyword(tokens, doc.keywords);
    // Strongest first: the phrase in the title; the whole query as one keyword (what editors
    // write for the words residents use); all of it in the title; in title and keywords; in
    // those and the field's name; part of it. A match through a synonym ranks just below
    // the same match of the words as typed.
    var synonym = tokens.some(function (q) { return q.synonym; });
    var tier = covered < n ? 1 :
      phrase.run === n ? 5 :
      keyword ? 4.5 :
      inTitle === n ? 4 :
      inKeywords === n || keywordPhrase ? 3 : 2;
    if (synonym && tier > 1) tier -= 0.5;
    // In a phrase, what counts is how well the phrase itself matches, not a better match of
    // one syllable elsewhere in a long title. Per syllable, so that a synonym that makes the
    // query longer does not outweigh the query as typed.
    if (phrase.run === n) quality = phrase.quality;
    else if (keyword) quality = keyword;
    return { tier: tier, covered: covered, required: n,
      quality: (quality + 0.01 * accents) / tokens.length, synonym: synonym };
  }

  function better(a, b) {
    return a.tier - b.tier || a.covered / a.required - b.covered / b.required ||
      a.quality - b.quality || (b.synonym ? 1 : 0) - (a.synonym ? 1 : 0);
  }

  /* Names MiniSearch finds for one reading of the query: holding every required syllable
     (in title, keywords or field) when `all`, else any syllable. */
  function candidates(catalogue, tokens, found, all) {
    var terms = all ? tokens.filter(function (q) { return !q.filler; }) : tokens;
    catalogue.engine.search(terms.map(function (q) { return q.text; }).join(" "), {
      combineWith: all ? "AND" : "OR",
      prefix: function (term, i) { return terms[i].last; },
      fuzzy: function (term, i) { return terms[i].fuzzy ? 1 : false; },
    }).forEach(function (hit) {
      var seen = found.get(hit.id);
      if (!seen || seen.engine < hit.score) found.set(hit.id, { engine: hit.score });
    });
  }

  /* Which syllables may be still being typed (the last) or one letter off: those the index
     does not know, or, when `typos`, any of two letters or more. */
  function mark(catalogue, tokens, typos) {
    tokens.forEach(function (q, i) {
      q.last = i === tokens.length - 1 && !q.synonym;
      var known = catalogue.vocabulary.has(q.text) || (q.last && hasPrefix(catalogue, q.text));
      q.fuzzy = !q.synonym && (typos ? q.text.length >= 2 : q.text.length >= 3 && !known);
    });
    return tokens;
  }

  function codeHits(catalogue, query) {
    var code = query.trim().toLowerCase();
    if (!/^[0-9][0-9a-z.\-]*\.[0-9a-z.\-]+$/.test(code)) return [];
    if (catalogue.byCode[code]) return [catalogue.byCode[code]];
    return catalogue.docs.filter(function (doc) {
      return doc.code && doc.code.toLowerCase().lastIndexOf(code, 0) === 0;
    }).slice(0, 50);
  }

  function rankWith(catalogue, base, typos) {
    var all = variants(catalogue, base).map(function (tokens) {
      return mark(catalogue, tokens.map(function (q) { return Object.assign({}, q); }), typos);
    });
    // Names holding the whole query are all that is shown when there are any, so only when
    // there are none are names holding part of it scored (far fewer to score as one types).
    var found = new Map();
    all.forEach(function (tokens) { candidates(catalogue, tokens, found, true); });
    if (!found.size) {
      all.forEach(function (tokens) { candidates(catalogue, tokens, found, false); });
    }
    var scored = [];
    found.forEach(function (hit, id) {
      var doc = catalogue.docs[id], best = null, bestTokens = null;
      all.forEach(function (tokens) {
        var s = score(doc, tokens);
        if (!best || better(s, best) > 0) { best = s; bestTokens = tokens; }
      });
      best.engine = hit.engine;
      best.partial = best.covered < best.required;
      scored.push({ doc: doc, score: best, tokens: bestTokens });
    });
    // Names that hold only part of a longer query count when none holds all of it, and
    // only those holding the most of it, at least two syllables and half of it.
    var most = scored.reduce(function (m, r) {
      return Math.max(m, r.score.covered / r.score.required);
    }, 0);
    return scored.filter(function (r) {
      var share = r.score.covered / r.score.required;
      return share === 1 || (most < 1 && share === most && share >= 0.5 && r.score.covered >= 2);
    }).sort(function (a, b) {
      return (a.doc.retired ? 1 : 0) - (b.doc.retired ? 1 : 0) ||
        better(b.score, a.score) ||
        a.doc.tokens.length - b.doc.tokens.length ||
        b.score.engine - a.score.engine ||
        a.doc.title.localeCompare(b.doc.title, "vi");
    });
  }

  /* Every name that holds the whole query (or, if none does, as much of it as any does),
     best first. When no name holds the query as a phrase, one letter off in any syllable
     is tried too ("thuong tu" for "thường trú"), and kept if that finds the phrase. */
  function rank(catalogue, query) {
    var byCode = codeHits(catalogue, query);
    if (byCode.length) {
      return byCode.map(function (doc) { return { doc: doc, tokens: [], score: {} }; });
    }
    var base = analyse(catalogue, query);
    if (!base.length) return [];
    var strict = rankWith(catalogue, base, false);
    var top = strict.length ? strict[0].score.tier : 0;
    if (top >= 4.5) return strict;
    var loose = rankWith(catalogue, base, true);
    return loose.length && loose[0].score.tier >= 4.5 ? loose : strict;
  }

  // -- showing results --------------------------------------------------------------------

  var input = box.querySelector("input[type=search]");
  var form = box.querySelector("form");
  var status = box.querySelector(".tt-search__status");
  var list = box.querySelector(".tt-search__results");
  var moreButton = box.querySelector(".tt-search__more");
  var state = { query: "", names: [], partial: [], shown: 0, body: null, bodyQuery: null,
    bodyTotal: 0 };

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
        var r = relation(q, match[0]);
        if (r > best) { best = r; size = r === PREFIX ? q.text.length : match[0].length; }
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
    var unmatched = hit.tokens.filter(function (q) { return bestIn(q, doc.tokens) === 0; });
    var keywords = doc.keywordText.filter(function (k, i) {
      return unmatched.some(function (q) { return bestIn(q, doc.keywords[i]) > 0; });
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

  /* Names holding the whole query, then pages whose text holds it, then names holding part
     of it: a name that misses a word is weaker evidence than a page that has them all. */
  function allHits() {
    var body = state.body && state.bodyQuery === state.query ? state.body : [];
    var seen = new Set(state.names.map(function (h) { return h.href; }));
    body = body.filter(function (h) { return !seen.has(h.href); });
    body.forEach(function (h) { seen.add(h.href); });
    var partial = state.partial.filter(function (h) { return !seen.has(h.href); });
    return state.names.concat(body, partial);
  }

  function render() {
    var hits = allHits();
    var named = state.names.length + state.partial.length;
    var bodyCount = hits.length - named;
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
      return say(TEXT.none(state.query) + (fromFolder ? TEXT.bodyOffline : ""), true);
    }
    if (state.bodyTotal > BODY_LOADED && bodyDone) {
      return say(TEXT.foundMany(hits.length - bodyCount, state.bodyTotal, bodyCount));
    }
    say(bodyCount ? TEXT.foundMore(hits.length - bodyCount, bodyCount) : TEXT.found(hits.length));
  }

  function show(query) {
    state.query = query;
    state.shown = PAGE;
    state.names = [];
    state.partial = [];
    rank(catalogue, query).forEach(function (r) {
      var hit = { href: href(r.doc.url), title: r.doc.title, detail: detailOf(r),
        tokens: r.tokens };
      (r.score.partial ? state.partial : state.names).push(hit);
    });
    render();
    if (state.names.length < PAGE) bodySearch(query);
  }

  // -- full text: Pagefind, folded the same way, after the names ----------------------------

  var pagefind = null;
  var bodyTimer = 0;

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL(box.getAttribute("data-pagefind"), root).href).then(function (pf) {
        var extra = (box.getAttribute("data-bundles") || "").split(" ").filter(Boolean);
        return pf.options({ baseUrl: root.pathname }).then(function () {
          pf.init();
          return Promise.all(extra.map(function (name) {
            return pf.mergeIndex(new URL(name + "/", root).href, { baseUrl: root.pathname });
          }));
        }).then(function () { return pf; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  /* Pagefind ranks words, not phrases: pages holding the query's words in order go first. */
  function byPhrase(pages, query) {
    var wanted = " " + words(query).join(" ") + " ";
    var holds = pages.map(function (page) {
      return (" " + words(page.content).join(" ") + " ").indexOf(wanted) >= 0;
    });
    return pages.map(function (page, i) { return i; }).sort(function (a, b) {
      return (holds[b] ? 1 : 0) - (holds[a] ? 1 : 0) || a - b;
    }).map(function (i) { return pages[i]; });
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
        loadPagefind()
          .then(function (pf) { return pf.search(fold(query)); })
          .then(function (search) {
            var first = search.results.slice(0, BODY_LOADED);
            return Promise.all(first.map(function (r) { return r.data(); })).then(function (pages) {
              var hits = byPhrase(pages, query).map(function (page) {
                return { href: href(page.url), title: page.meta.title,
                  detail: page.meta.summary || "", tokens: [] };
              });
              return { hits: hits, total: search.results.length };
            });
          })
          .catch(function () { return { hits: [], total: 0 }; })
          .then(function (found) {
            if (query === state.query) {
              state.body = found.hits;
              state.bodyTotal = found.total;
              state.bodyQuery = query;
              render();
            }
            resolve();
          });
      }, now ? 0 : 350);
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
      return say(TEXT.short);
    }
    if (!catalogue) say(TEXT.loading);
    load().then(function () { if (input.value.trim() === query) show(query); },
      function () { say(TEXT.failed); });
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
    }, function () { say(TEXT.failed); });
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
    fold: fold,
    slugOf: slugOf,
    rank: function (query) {
      return load().then(function (c) {
        return rank(c, query).map(function (r) {
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
