/* Ranking for the search box: procedure and field names, ranked from the title index
   (search/titles.js). MiniSearch (vendored, pinned) finds candidate names with prefix and
   one-letter-typo matching; the ranking on top is made for procedure names, in named tiers
   (TIER): the query's syllables as a phrase in the title first, then the whole query as one
   keyword, then all of it in the title, then in keywords, then the field; ties go to the
   shorter, more general title. No DOM here: the view is search-app.js; Node's runner tests
   this file (tests/js/ranking.test.js).
   A classic script (it must load from a folder, file://, where module scripts do not): in
   the page it sets thutucSearchModules.ranking, in Node module.exports. */
(function (root, make) {
  "use strict";
  var made = make();
  if (typeof module === "object" && module.exports) module.exports = made;
  else (root.thutucSearchModules = root.thutucSearchModules || {}).ranking = made;
})(this, function () {
  "use strict";

  var WORD = /[a-z0-9]+/g;

  /* How strongly a name holds the query, weakest first. A match through a synonym ranks
     SYNONYM below the same match of the words as typed. */
  var TIER = {
    PART: 1,  // part of the query, anywhere in name, keywords or field
    WITH_FIELD: 2,  // all of it, some only in the field's name
    IN_KEYWORDS: 3,  // all of it in title and keywords, or as a phrase in one keyword
    ALL_IN_TITLE: 4,  // every syllable in the title, not as a phrase
    WHOLE_KEYWORD: 4.5,  // the whole query is one of the keywords
    PHRASE: 5,  // the query's syllables adjacent and in order in the title
  };
  var SYNONYM = 0.5;
  /* A name at this tier or above is a confident answer: no typo reading is tried. */
  var CONFIDENT = TIER.WHOLE_KEYWORD;
  /* Syllables this short collide once folded or one letter off: "lai" is lại, tại, lái,
     "tai" tại, tài, tải, "ban" bán, bản, bạn. A name is a weak hit (score.weak, as is a name
     holding only part of the query) when it meets the query through syllables plainly not
     meant (one letter off, or marks typed that differ from those written) and through
     nothing better than collisions of short syllables, or, not as a phrase, when at least
     half of the query is plainly not meant: "biên lai" as "hiện tại", or as "biến động đất
     đai tại xã"; "tài sản" as "tại sân". The view then searches the text of the pages too,
     and puts pages holding the query as a phrase first. A resident who types no marks
     ("tai san") may mean either: such names are not weak on folding alone. */
  var SHORT = 3;
  var COLLISION = 1, CLASH = 2;

  /* The ranking for one folding (search-folding.js) and MiniSearch's constructor. */
  function makeRanking(folding, MiniSearch) {
    var fold = folding.fold, words = folding.words, slugOf = folding.slugOf;

    function makeDoc(id, title, extra) {
      var folded = fold(title);
      var doc = { id: id, title: title, tokens: folded.match(WORD) || [], keywords: [] };
      for (var key in extra) doc[key] = extra[key];
      return doc;
    }

    /* Each folded syllable of a name and its keywords, as written (lower case, NFC): made
       when first needed, to tell "lai" typed from "lại" written. */
    function writtenForms(doc) {
      if (doc.written) return doc.written;
      var written = {};
      [doc.title].concat(doc.keywordText || []).forEach(function (text) {
        var raw = text.normalize("NFC").toLowerCase(), folded = fold(raw), match;
        if (folded.length !== raw.length) return;
        WORD.lastIndex = 0;
        while ((match = WORD.exec(folded))) {
          (written[match[0]] = written[match[0]] || []).push(raw.substr(match.index,
            match[0].length));
        }
      });
      doc.written = written;
      return written;
    }

    /* How a query syllable meets this name: 0 as typed, or as a prefix, or a long syllable
       typed without marks; COLLISION a short syllable typed without marks that meets one
       with marks, which may or may not be meant; CLASH one letter off, or marks typed that
       differ from those written. */
    function collision(doc, q, match) {
      if (match === FUZZY) return CLASH;
      // A syllable still being typed (a prefix) cannot be told from a collision yet.
      if (match !== EXACT || q.synonym) return 0;
      var typedMarks = folding.bare(q.raw) !== q.raw;  // not q.text: "ly" folds to "li"
      if (!typedMarks && q.text.length > SHORT) return 0;
      if ((writtenForms(doc)[q.text] || []).indexOf(q.raw) >= 0) return 0;
      return typedMarks ? CLASH : COLLISION;
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
      var clashes = 0, collisions = 0;
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
        var meets = collision(doc, q, Math.max(title, keyword, field));
        if (meets) collisions++;
        if (meets === CLASH) clashes++;
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
      var tier = covered < n ? TIER.PART :
        phrase.run === n ? TIER.PHRASE :
        keyword ? TIER.WHOLE_KEYWORD :
        inTitle === n ? TIER.ALL_IN_TITLE :
        inKeywords === n || keywordPhrase ? TIER.IN_KEYWORDS : TIER.WITH_FIELD;
      if (synonym && tier > TIER.PART) tier -= SYNONYM;
      // In a phrase, what counts is how well the phrase itself matches, not a better match of
      // one syllable elsewhere in a long title. Per syllable, so that a synonym that makes the
      // query longer does not outweigh the query as typed.
      if (phrase.run === n) quality = phrase.quality;
      else if (keyword) quality = keyword;
      return { tier: tier, covered: covered, required: n,
        quality: (quality + 0.01 * accents) / tokens.length, synonym: synonym,
        collisions: clashes > 0 && (collisions === n || (phrase.run < n && 2 * clashes >= n)) };
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
        best.weak = best.partial || best.collisions;
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
      if (top >= CONFIDENT) return strict;
      var loose = rankWith(catalogue, base, true);
      return loose.length && loose[0].score.tier >= CONFIDENT ? loose : strict;
    }
    return { buildCatalogue: buildCatalogue, rank: rank, relation: relation, bestIn: bestIn,
      analyse: analyse, EXACT: EXACT, PREFIX: PREFIX, FUZZY: FUZZY };
  }

  return { makeRanking: makeRanking, TIER: TIER, SYNONYM: SYNONYM, CONFIDENT: CONFIDENT,
    SHORT: SHORT };
});
