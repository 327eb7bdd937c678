// Runs theme/sw.js in a vm with a fake Cache Storage and network, then prints JSON: which
// requests were revalidated, what the cache holds after N page visits. Used by
// tests/test_service_worker.py (node is the one CI installs with npm).
"use strict";
const fs = require("fs");
const vm = require("vm");

const [swPath, visitsJson] = process.argv.slice(2);
const visits = JSON.parse(visitsJson);
const ORIGIN = "https://thutuc.example/";
const store = new Map(); // insertion order, as the Cache API keeps it
const key = (r) => (typeof r === "string" ? r : r.url);
const cache = {
  put: async (r, response) => { store.delete(key(r)); store.set(key(r), response); },
  delete: async (r) => store.delete(key(r)),
  keys: async () => [...store.keys()].map((url) => ({ url })),
  match: async (r) => store.get(key(r)),
};
const fetched = [];
const listeners = {};
const context = {
  URL, Promise, console,
  Response: class { constructor(body, init) { this.body = body; this.init = init; } },
  caches: {
    open: async () => cache,
    keys: async () => ["thutuc-v2"],
    delete: async () => true,
    match: async (r) => store.get(key(r)),
  },
  fetch: async (request, init) => {
    fetched.push({ url: key(request), cache: (init && init.cache) || "default" });
    const response = { ok: true, type: "basic", url: key(request) };
    response.clone = () => ({ ...response });
    return response;
  },
};
context.self = {
  location: new URL(ORIGIN),
  registration: { scope: ORIGIN },
  clients: { claim: async () => {} },
  skipWaiting: () => {},
  addEventListener: (name, fn) => { listeners[name] = fn; },
};
vm.runInNewContext(fs.readFileSync(swPath, "utf8"), context);

(async () => {
  for (const path of visits) {
    const waits = [];
    const request = { url: ORIGIN + path, method: "GET", mode: path.endsWith("/") ? "navigate" : "cors" };
    let answered;
    listeners.fetch({
      request,
      respondWith: (p) => { answered = p; },
      waitUntil: (p) => waits.push(p),
    });
    await answered;
    await Promise.all(waits);
    await Promise.all(waits); // keep() may have been queued by the response
  }
  console.log(JSON.stringify({ fetched, kept: [...store.keys()].map((u) => u.slice(ORIGIN.length)) }));
})();
