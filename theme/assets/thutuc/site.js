/* A share button, and links that work when the site is opened from a folder (search lives
   in search.js). Everything here is an enhancement: the pages read fully without it. */
(function () {
  "use strict";

  var fromFolder = location.protocol === "file:";
  var TEXT = {
    copied: "Đã sao chép liên kết. Hãy dán vào Zalo hoặc tin nhắn.",
    copyFailed: "Không sao chép được. Liên kết: ",
  };
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
  var share = document.querySelector("[data-tt-share]");
  if (share) setupShare(share);

  var textSize = document.querySelector(".tt-textsize");
  if (textSize) setupTextSize(textSize);
  if (script) setupOffline(new URL("../../", script.src));
})();
