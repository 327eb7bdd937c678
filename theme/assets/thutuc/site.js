/* A share button, and links that work when the site is opened from a folder (search lives
   in search.js). Everything here is an enhancement: the pages read fully without it. */
(function () {
  "use strict";

  var fromFolder = location.protocol === "file:";
  var TEXT = {
    copied: "Đã sao chép liên kết. Hãy dán vào Zalo hoặc tin nhắn.",
    copyFailed: "Không sao chép được. Liên kết: ",
  };
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

  if (fromFolder) fixFolderLinks();
  var share = document.querySelector("[data-tt-share]");
  if (share) setupShare(share);
})();
