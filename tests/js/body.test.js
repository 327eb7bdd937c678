// search-body.js: the browser's reading of the body index (generator/build/bodyindex.py).
// The page lists are the shared vectors tests/test_search_body.py checks against Python.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const repo = path.resolve(__dirname, "..", "..");
const body = require(path.join(repo, "theme/assets/thutuc/search-body.js"));
const { vectors } = JSON.parse(
  fs.readFileSync(path.join(repo, "tests/fixtures/body-index-vectors.json")),
);

test("page lists decode as Python wrote them, gaps and bitmaps alike", () => {
  assert.ok(vectors.some((v) => v.encoded.startsWith("*")), "a bitmap");
  assert.ok(vectors.some((v) => !v.encoded.startsWith("*")), "a list of gaps");
  for (const v of vectors) assert.deepEqual(body.decodePages(v.encoded, v.total), v.pages);
});

// Four pages: 0 "giữ biên lai nộp tiền", 1 "tài khoản VNeID", 2 "lai biên" (the words, not
// in order), 3 "vneid biên lai".
const TOTAL = 4;
const files = {
  "w-bi.json": { v: 2, n: TOTAL, t: { bien: "0,1," } },
  "w-la.json": { v: 2, n: TOTAL, t: { lai: "0,1," } },
  "w-vn.json": { v: 2, n: TOTAL, t: { vneid: "1,1" } },
  "w-gi.json": { v: 2, n: TOTAL, t: { giu: "" } },
  "p-bi.json": { v: 2, n: TOTAL, t: { "bien lai": "0,2" } },
  "p-vn.json": { v: 2, n: TOTAL, t: { "vneid bien": "3" } },
  "p-gi.json": { v: 2, n: TOTAL, t: { "giu bien": "" } },
};
const pick = (names) => Object.fromEntries(names.map((n) => [n, files[n] ?? null]));
const find = (words, given = files) =>
  body.search(
    Object.fromEntries(body.filesFor(words).map((n) => [n, given[n] ?? null])),
    words,
    TOTAL,
  ).map(({ page, phrase }) => ({ page, phrase }));

test("a query needs its syllables' files and its pairs'", () => {
  assert.deepEqual(body.filesFor(["bien", "lai"]).sort(), ["p-bi.json", "w-bi.json", "w-la.json"]);
  assert.deepEqual(body.filesFor(["vneid"]), ["w-vn.json"]);
});

test("pages holding every syllable; those holding them in order first", () => {
  assert.deepEqual(find(["bien", "lai"]), [
    { page: 0, phrase: true },
    { page: 3, phrase: true },
    { page: 2, phrase: false },
  ]);
  assert.deepEqual(find(["giu", "bien", "lai"]), [{ page: 0, phrase: true }]);
  assert.deepEqual(find(["vneid", "bien", "lai"]), [{ page: 3, phrase: true }]);
});

test("among pages alike, those whose title, summary or keywords hold the words go first", () => {
  // Page 3 has "lai" in its title: it leads the pages holding "biên lai" in order.
  const headed = { ...files, "w-la.json": { ...files["w-la.json"], h: { lai: "3" } } };
  assert.deepEqual(find(["bien", "lai"], headed).map((h) => h.page), [3, 0, 2]);
  const found = body.search(
    Object.fromEntries(body.filesFor(["lai"]).map((n) => [n, headed[n]])), ["lai"], TOTAL);
  assert.deepEqual(found[0], { page: 3, phrase: true, head: 1 });
});

test("the last syllable may be unfinished; the others must be whole", () => {
  assert.deepEqual(find(["vne"]).map((h) => h.page), [1, 3]);
  assert.deepEqual(find(["vne", "bien"]), []);
});

test("a missing file finds nothing; another build's files find nothing", () => {
  assert.deepEqual(find(["xyz"]), []);
  const stale = { ...pick(["w-vn.json"]), "w-vn.json": { v: 2, n: TOTAL + 1, t: { vneid: "1" } } };
  assert.deepEqual(body.search(stale, ["vneid"], TOTAL), []);
  assert.deepEqual(body.search({ "w-vn.json": { v: 1, n: TOTAL, t: {} } }, ["vneid"], TOTAL), []);
});
