/* The site's service worker, at its root so its scope is the whole site. Pages and files a
   resident opened stay readable without a signal, the search index included once fetched.
   Network first, revalidated: while online every request goes to the server with
   `cache: "no-cache"`, so neither this copy nor the browser's HTTP cache (which guesses a
   freshness from Last-Modified when a host sends no Cache-Control) can show yesterday's fee;
   files whose name carries their version (vendor/*-x.y.z) are asked for as usual. The
   copies answer only offline, and the oldest are dropped past MAX_ENTRIES. */
"use strict";

var CACHE = "thutuc-v2";
/* Pages are 6–60 KB, the body index's files a few KB, the title index some 100 KB: a few
   hundred stay well under 30 MB. */
var MAX_ENTRIES = 300;
var VERSIONED = /\/vendor\/[^/]*-\d+\.\d+\.\d+/;

function offlinePage(home) {
  return '<!doctype html><html lang="vi"><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    "<title>Không có kết nối mạng</title>" +
    '<body style="font:1.1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:36rem;padding:0 1rem">' +
    "<h1>Không có kết nối mạng</h1>" +
    "<p>Trang này chưa được mở trên máy khi còn mạng, nên chưa xem được lúc không có mạng. " +
    'Hãy thử lại khi có mạng, hoặc mở <a href="' + home + '">trang chủ</a>.</p></body></html>';
}

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("thutuc-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function keepable(response) {
  return response && response.ok && response.type === "basic";
}

/* Least recently used out first: a copy is put again each time it is fetched, and `put`
   replaces an entry by appending it, so the cache's key order (insertion order) runs from the
   least to the most recently used. No delete before it: between the two, a reload offline
   would find no copy. */
function keep(request, response) {
  return caches.open(CACHE).then(function (cache) {
    return cache.put(request, response)
      .then(function () { return cache.keys(); })
      .then(function (keys) {
        var extra = keys.length - MAX_ENTRIES;
        return Promise.all(keys.slice(0, Math.max(0, extra)).map(function (key) {
          return cache.delete(key);
        }));
      });
  });
}

/* Always ask the server (a conditional request when the browser holds a copy). A
   navigation's Request cannot be copied with new options, so it is asked for by URL, with
   redirects left to the browser as for any navigation. */
function revalidated(request) {
  if (VERSIONED.test(new URL(request.url).pathname)) return fetch(request);
  if (request.mode === "navigate") {
    return fetch(request.url, { cache: "no-cache", credentials: "same-origin", redirect: "manual" });
  }
  return fetch(request, { cache: "no-cache" });
}

/* A page asks to keep what it loaded before this worker controlled it (the first visit). */
self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.type === "keep" && event.data.urls) || [];
  event.waitUntil(Promise.all(urls.map(function (url) {
    if (new URL(url).origin !== self.location.origin) return null;
    return fetch(url, { cache: "no-cache" }).then(function (response) {
      if (keepable(response)) return keep(url, response);
    }).catch(function () {});
  })));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    revalidated(request).then(function (response) {
      if (keepable(response)) event.waitUntil(keep(request, response.clone()));
      return response;
    }, function () {
      // The title index is asked for with its build's `?v=`: offline, a copy of another
      // build's will do (the body index's files say which build they are for).
      return caches.match(request).then(function (copy) {
        return copy || caches.match(request, { ignoreSearch: true });
      }).then(
        function (copy) {
          if (copy) return copy;
          if (request.mode !== "navigate") return Response.error();
          return new Response(offlinePage(self.registration.scope), {
            headers: { "Content-Type": "text/html; charset=utf-8" },
          });
        }
      );
    })
  );
});
