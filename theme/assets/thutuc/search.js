/* The search box's first step, on every page: when the box is first used, fetch MiniSearch,
   the title index and the search's scripts (search-folding.js, search-ranking.js, search-results.js and
   search-app.js, side by side): six requests, what a browser opens at once to one host
   over HTTP/1.1. search-app.js then fetches search-body.js for the full-text search at once, in parallel, run in that order.
   Until they have arrived, an Enter is kept for search-app.js (data-pending) instead of
   submitting the form, which without JavaScript opens the home page. */
(function () {
  "use strict";

  var box = document.querySelector("[data-tt-search]");
  if (!box) return;
  var input = box.querySelector("input[type=search]");
  var form = box.querySelector("form");
  // data-base is MkDocs' relative base_url ("..", "."), or on the 404 page the site's root
  // path without its last slash ("" for a site at the host's root).
  var base = box.getAttribute("data-base");
  var root = new URL((base === null ? "." : base) + "/", location.href);
  var started = false;

  function failed() {
    started = false;  // try again on the next use
    var status = box.querySelector(".tt-search__status");
    status.textContent =
      "Không tải được danh mục thủ tục. Hãy kiểm tra kết nối mạng rồi thử lại.";
    box.classList.add("tt-search--open");
  }

  function start() {
    if (started || box.thutucSearch) return;
    started = true;
    var app = box.getAttribute("data-app");
    function sibling(name) { return app.replace(/search-app\.js(\?.*)?$/, name); }
    var sources = [
      box.getAttribute("data-engine"),
      new URL(box.getAttribute("data-index"), root).href,
      sibling("search-folding.js"),
      sibling("search-ranking.js"),
      sibling("search-results.js"),
      app,
    ];
    sources.forEach(function (src) {
      var script = document.createElement("script");
      script.src = src;
      script.async = false;  // fetched together, run in order
      script.onerror = failed;
      document.head.appendChild(script);
    });
  }

  ["focus", "pointerdown", "touchstart", "input"].forEach(function (name) {
    input.addEventListener(name, start, { passive: true });
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!box.thutucSearch) {
      box.setAttribute("data-pending", "go");
      start();
    }
  });
  if (new URLSearchParams(location.search).get("q")) start();
})();
