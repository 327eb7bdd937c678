/* The site's only script: Pagefind search loaded on first use, a share button, and links
   that work when the site is opened from a folder. Everything here is an enhancement: the
   pages read fully without it. */
(function () {
  "use strict";

  var fromFolder = location.protocol === "file:";
  var TEXT = {
    loading: "Đang tải bộ tìm kiếm…",
    searching: "Đang tìm…",
    none: "Không tìm thấy thủ tục nào. Hãy thử từ khác, ví dụ “khai sinh”.",
    found: function (n) { return "Tìm thấy " + n + " thủ tục."; },
    failed: "Không tải được bộ tìm kiếm. Hãy kiểm tra kết nối mạng rồi thử lại.",
    offline:
      "Tìm kiếm chỉ hoạt động khi trang được mở qua máy chủ web. Bạn đang mở trang " +
      "trực tiếp từ thư mục trên máy (file://), nên hãy chọn lĩnh vực trong danh mục để " +
      "tìm thủ tục.",
    copied: "Đã sao chép liên kết. Hãy dán vào Zalo hoặc tin nhắn.",
    copyFailed: "Không sao chép được. Liên kết: ",
  };
  var MAX_RESULTS = 8;
  var TEXT_SIZES = 2; /* larger sizes than the default, as in site.css */
  var script = document.currentScript;

  document.documentElement.classList.add("tt-js");

  /* Opened from a folder, `thu-tuc/x/` would show a file listing: point at index.html. */
  function fixFolderLinks() {
    var links = document.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href");
      if (/^[a-z]+:|^\/\/|^#/i.test(href)) continue;
      var parts = href.split("#");
      if (parts[0] === "" || parts[0].slice(-1) === "/") {
        parts[0] = (parts[0] || "./") + "index.html";
        links[i].setAttribute("href", parts.join("#"));
      } else if (parts[0] === "." || parts[0] === "..") {
        parts[0] += "/index.html";
        links[i].setAttribute("href", parts.join("#"));
      }
    }
  }

  function setupSearch(box) {
    var input = box.querySelector("input");
    var form = box.querySelector("form");
    var status = box.querySelector(".tt-search__status");
    var list = box.querySelector(".tt-search__results");
    var root = new URL(box.getAttribute("data-base") + "/", location.href);
    var engine = null;
    var latest = 0;
    box.hidden = false;

    function say(text) {
      status.textContent = text;
      box.classList.toggle("tt-search--open", !!text || list.children.length > 0);
    }

    function load() {
      if (!engine) {
        engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
          // A large catalogue is indexed as several bundles; the first merges the others.
          var extra = (box.getAttribute("data-bundles") || "").split(" ").filter(Boolean);
          return pagefind.options({ baseUrl: root.pathname }).then(function () {
            pagefind.init();
            return Promise.all(extra.map(function (name) {
              return pagefind.mergeIndex(new URL(name + "/", root).href, { baseUrl: root.pathname });
            }));
          }).then(function () { return pagefind; });
        });
        engine.catch(function () { engine = null; });
      }
      return engine;
    }

    function clear() {
      list.textContent = "";
      say("");
    }

    function render(items, total) {
      list.textContent = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        var link = document.createElement("a");
        link.href = item.url;
        link.className = "tt-search__result";
        var title = document.createElement("strong");
        title.textContent = (item.meta && item.meta.title) || item.url;
        link.appendChild(title);
        var summary = item.meta && item.meta.summary;
        if (summary) {
          var span = document.createElement("span");
          span.textContent = summary;
          link.appendChild(span);
        }
        li.appendChild(link);
        list.appendChild(li);
      });
      say(total ? TEXT.found(total) : TEXT.none);
    }

    function run() {
      var query = input.value.trim();
      var ticket = ++latest;
      if (fromFolder) return say(TEXT.offline);
      if (!query) return clear();
      if (!engine) say(TEXT.loading);
      load()
        .then(function (pagefind) { return pagefind.debouncedSearch(query, {}, 150); })
        .then(function (search) {
          if (!search || ticket !== latest) return;
          return Promise.all(
            search.results.slice(0, MAX_RESULTS).map(function (r) { return r.data(); })
          ).then(function (items) {
            if (ticket === latest) render(items, search.results.length);
          });
        })
        .catch(function () { if (ticket === latest) say(TEXT.failed); });
    }

    input.addEventListener("focus", function () {
      if (fromFolder) return say(TEXT.offline);
      load().catch(function () { say(TEXT.failed); });
    }, { once: false });
    input.addEventListener("input", run);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { input.value = ""; clear(); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = list.querySelector("a");
      if (first) location.href = first.href; else run();
    });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) box.classList.remove("tt-search--open");
    });
  }

  function setupShare(holder) {
    var button = holder.querySelector("button");
    var status = holder.querySelector(".tt-share__status");
    var title = holder.getAttribute("data-title") || document.title;
    var url = holder.getAttribute("data-url") || location.href;
    holder.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.share) {
        navigator.share({ title: title, url: url }).catch(function () {});
      } else if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(
          function () { status.textContent = TEXT.copied; },
          function () { status.textContent = TEXT.copyFailed + url; }
        );
      } else {
        status.textContent = TEXT.copyFailed + url;
      }
    });
  }

  /* Text size: the buttons in the header step through the sizes site.css defines; the
     choice is kept on the device and applied from <head> on every page (early-script). */
  function setupTextSize(group) {
    var root = document.documentElement;
    var buttons = group.querySelectorAll("[data-tt-text-step]");
    function current() { return Number(root.getAttribute("data-tt-size")) || 0; }
    function update() {
      for (var i = 0; i < buttons.length; i++) {
        var step = Number(buttons[i].getAttribute("data-tt-text-step"));
        var next = current() + step;
        buttons[i].disabled = next < 0 || next > TEXT_SIZES;
      }
    }
    group.addEventListener("click", function (event) {
      var button = event.target.closest("[data-tt-text-step]");
      if (!button) return;
      var size = Math.max(0, Math.min(TEXT_SIZES,
        current() + Number(button.getAttribute("data-tt-text-step"))));
      if (size) root.setAttribute("data-tt-size", String(size));
      else root.removeAttribute("data-tt-size");
      try { localStorage.setItem("tt-text-size", size ? String(size) : ""); } catch (e) {}
      update();
    });
    update();
  }

  /* Offline: the service worker at the site's root keeps what the resident opened. On the
     first visit this page loaded before it ran, so it is asked to keep this page and its
     files too. */
  function setupOffline(root) {
    if (fromFolder || !("serviceWorker" in navigator) || !window.isSecureContext) return;
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(new URL("sw.js", root).href)
        .then(function () { return navigator.serviceWorker.ready; })
        .then(function (registration) {
          var urls = [location.href.split("#")[0]];
          performance.getEntriesByType("resource").forEach(function (entry) {
            if (entry.name.indexOf(location.origin + "/") === 0) urls.push(entry.name);
          });
          registration.active.postMessage({ type: "keep", urls: urls });
        })
        .catch(function () {});
    });
  }

  if (fromFolder) fixFolderLinks();
  var box = document.querySelector("[data-tt-search]");
  if (box) setupSearch(box);
  var share = document.querySelector("[data-tt-share]");
  if (share) setupShare(share);

  var textSize = document.querySelector(".tt-textsize");
  if (textSize) setupTextSize(textSize);
  if (script) setupOffline(new URL("../../", script.src));
})();
