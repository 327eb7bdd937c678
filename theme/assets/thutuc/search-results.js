/* The search box's results, without the DOM: in what order names and pages go, and what the
   status line says about them (in Vietnamese, the residents' language). search-app.js shows
   them; Node's runner tests them (tests/js/results.test.js).
   A classic script (it must load from a folder, file://, where module scripts do not): in
   the page it sets thutucSearchModules.results, in Node module.exports. */
(function (root, make) {
  "use strict";
  var made = make();
  if (typeof module === "object" && module.exports) module.exports = made;
  else (root.thutucSearchModules = root.thutucSearchModules || {}).results = made;
})(this, function () {
  "use strict";

  function quoted(q) { return "“" + q + "”"; }

  var TEXT = {
    loading: "Đang tải danh mục thủ tục…",
    short: "Gõ thêm chữ để tìm thủ tục.",
    none: function (q, hotline) {
      return "Không tìm thấy thủ tục nào cho " + quoted(q) + ". Hãy thử gõ ít chữ hơn hoặc " +
        "từ khác, ví dụ “khai sinh”, “thường trú”" +
        (hotline ? ", hoặc gọi đường dây nóng " : ".");
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

  /* One list from the names (split by rank into `names`, `weak` and `partial`) and the pages
     whose text holds the query (`body`, each with `phrase` when it holds it in order), each
     page once: names holding the whole query; pages holding it as a phrase; names holding
     it only through short-syllable collisions; other pages; names holding part of it. A
     name that misses a word, or meets it only by folding, is weaker evidence than a page
     that has the words as typed. */
  function merge(found) {
    var seen = new Set(), out = [];
    function add(hits) {
      hits.forEach(function (h) {
        if (!seen.has(h.href)) { seen.add(h.href); out.push(h); }
      });
    }
    var body = found.body || [];
    add(found.names);
    add(body.filter(function (h) { return h.phrase; }));
    add(found.weak);
    add(body);
    add(found.partial);
    return out;
  }

  /* The status line for a list: never a count of nothing ("Tìm thấy 0 …"); what the list
     leads with is said first. `counts`: names, weak, partial (shown by name), body (pages
     shown for their text), bodyLoaded (pages whose text was loaded), bodyTotal (pages
     found), bodyDone. */
  function summary(counts, query) {
    var named = counts.names + counts.weak + counts.partial;
    var body = counts.body;
    var many = counts.bodyDone && counts.bodyTotal > counts.bodyLoaded;
    if (!body) return "Tìm thấy " + named + " kết quả.";
    var inText = many ?
      "Nội dung của " + counts.bodyTotal + " thủ tục có nhắc đến " + quoted(query) +
        "; dưới đây là " + body + " thủ tục đầu" :
      "Tìm thấy " + body + " thủ tục có nhắc đến " + quoted(query) + " trong nội dung";
    var narrow = many ? " Gõ thêm chữ để thu hẹp." : "";
    if (counts.names) {
      var lead = "Tìm thấy " + named + " kết quả theo tên";
      if (many) return lead + ". " + inText + "." + narrow;
      return lead + ", và " + body + " thủ tục khác có nhắc đến trong nội dung.";
    }
    if (named) return inText + ", và " + named + " tên gần giống." + narrow;
    return inText + "." + narrow;
  }

  return { TEXT: TEXT, merge: merge, summary: summary };
});
