/* Full-text search over the body index (generator/build/bodyindex.py): which pages' text
   holds each folded syllable, and each pair of adjacent syllables, in small files cut by a
   syllable's first two letters. A query costs one round trip: the files of its syllables
   and of its pairs, in parallel. No DOM and no network here: search-app.js fetches the
   files this module names; Node's runner tests it (tests/js/body.test.js).
   A classic script (it must load from a folder, file://, where module scripts do not): in
   the page it sets thutucSearchModules.body, in Node module.exports. */
(function (root, make) {
  "use strict";
  var made = make();
  if (typeof module === "object" && module.exports) module.exports = made;
  else (root.thutucSearchModules = root.thutucSearchModules || {}).body = made;
})(this, function () {
  "use strict";

  var VERSION = 2;
  var DIR = "search/body/";
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  function shardKey(syllable) { return syllable.slice(0, 2); }

  /* Page numbers from "0,1f,,3" (gaps in hexadecimal) or "*<base64 bitmap>". */
  function decodePages(text, total) {
    var pages = [];
    if (text.charAt(0) === "*") {
      var bits = 0, count = 0, page = 0;
      for (var i = 1; i < text.length && text.charAt(i) !== "="; i++) {
        bits = (bits << 6) | B64.indexOf(text.charAt(i));
        count += 6;
        while (count >= 8) {
          count -= 8;
          var byte = (bits >> count) & 255;
          for (var b = 0; b < 8; b++) if (byte & (1 << b) && page + b < total) pages.push(page + b);
          page += 8;
        }
      }
      return pages;
    }
    var previous = -1;
    text.split(",").forEach(function (gap) {
      previous += 1 + (gap ? parseInt(gap, 16) : 0);
      pages.push(previous);
    });
    return pages;
  }

  /* The files a query needs: its syllables' and its pairs'. */
  function filesFor(words) {
    var names = new Set();
    words.forEach(function (word, i) {
      names.add("w-" + shardKey(word) + ".json");
      if (i + 1 < words.length) names.add("p-" + shardKey(word) + ".json");
    });
    return Array.from(names);
  }

  function intersect(a, b) {
    var set = new Set(b);
    return a.filter(function (x) { return set.has(x); });
  }

  /* The pages listed for a term ("" is page 0 alone, not nothing). */
  function listed(terms, term, total) {
    return Object.prototype.hasOwnProperty.call(terms, term) ?
      decodePages(terms[term], total) : [];
  }

  /* Pages holding a syllable (in `part` "t", anywhere; "h", in the title, summary or
     keywords); the last one typed may be unfinished: any syllable it starts (at least two
     letters). */
  function pagesOf(shard, word, prefix, total, part) {
    var terms = shard && shard[part || "t"] || {};
    if (!prefix || word.length < 2) return listed(terms, word, total);
    var found = new Set();
    Object.keys(terms).forEach(function (term) {
      if (term.lastIndexOf(word, 0) === 0) {
        decodePages(terms[term], total).forEach(function (p) { found.add(p); });
      }
    });
    return Array.from(found).sort(function (a, b) { return a - b; });
  }

  /* Pages holding every syllable of `words`: those holding them in order (every adjacent
     pair) first, marked `phrase`, then those whose head (title, summary, keywords) holds
     more of them (`head`), then in page order. `files` maps a name from filesFor to its parsed JSON (or
     null when the site has none); `total` is how many pages the title index lists: files
     of another build (another count or version) find nothing. */
  function search(files, words, total) {
    var usable = function (f) { return f && f.v === VERSION && f.n === total; };
    var names = Object.keys(files);
    if (!words.length || names.some(function (n) { return files[n] && !usable(files[n]); })) {
      return [];
    }
    var shard = function (kind, word) { return files[kind + "-" + shardKey(word) + ".json"]; };
    var pages = null;
    words.forEach(function (word, i) {
      var these = pagesOf(shard("w", word), word, i === words.length - 1, total);
      pages = pages === null ? these : intersect(pages, these);
    });
    var inOrder = pages;
    for (var i = 0; i + 1 < words.length; i++) {
      var pair = shard("p", words[i]);
      var key = words[i] + " " + words[i + 1];
      inOrder = intersect(inOrder, listed(pair ? pair.t : {}, key, total));
    }
    var phrase = new Set(inOrder);
    var head = {};
    words.forEach(function (word, i) {
      pagesOf(shard("w", word), word, i === words.length - 1, total, "h").forEach(function (p) {
        head[p] = (head[p] || 0) + 1;
      });
    });
    return pages.map(function (page) {
      return { page: page, phrase: phrase.has(page), head: head[page] || 0 };
    }).sort(function (a, b) {
      return (b.phrase ? 1 : 0) - (a.phrase ? 1 : 0) || b.head - a.head || a.page - b.page;
    });
  }

  return { DIR: DIR, VERSION: VERSION, shardKey: shardKey, decodePages: decodePages,
    filesFor: filesFor, search: search };
});
