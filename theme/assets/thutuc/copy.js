// Copy buttons on the staff page: the Zalo message of a notice or change to the clipboard.
// Without the Clipboard API (an old phone, http, no permission) the text is selected with
// execCommand("copy"); if that fails too, the text stays selected for a long-press copy.
(function () {
  "use strict";
  function done(status, text) { status.textContent = text; }
  function fallback(area, status) {
    area.focus();
    area.select();
    area.setSelectionRange(0, area.value.length);
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    done(status, ok ? "Đã sao chép" : "Hãy chạm giữ vào ô chữ và chọn Sao chép");
  }
  document.querySelectorAll("[data-tt-copy]").forEach(function (box) {
    var area = box.querySelector("textarea");
    var button = box.querySelector("button");
    var status = box.querySelector(".tt-copy__status");
    if (!area || !button || !status) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(area.value).then(
          function () { done(status, "Đã sao chép"); },
          function () { fallback(area, status); }
        );
      } else {
        fallback(area, status);
      }
    });
  });
})();
