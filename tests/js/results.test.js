// search-results.js: the order of names and pages, and a status line that never leads
// with a count of nothing (issue 20: "Tìm thấy 0 kết quả theo tên").
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const { merge, summary, TEXT } = require(
  path.resolve(__dirname, "..", "..", "theme/assets/thutuc/search-results.js"),
);

const hit = (href, extra = {}) => ({ href, title: href, ...extra });

test("names holding the query first, then pages holding it as a phrase, then weak names", () => {
  const order = merge({
    names: [hit("a")],
    weak: [hit("w1"), hit("p1")],
    partial: [hit("part"), hit("b")],
    body: [hit("p1", { phrase: true }), hit("a", { phrase: true }), hit("b")],
  }).map((h) => h.href);
  assert.deepEqual(order, ["a", "p1", "w1", "b", "part"]);
});

test("with only weak names, the pages that hold the phrase lead", () => {
  const order = merge({
    names: [],
    weak: [hit("hien-tai")],
    partial: [],
    body: [hit("other"), hit("bien-lai", { phrase: true })],
  }).map((h) => h.href);
  assert.deepEqual(order, ["bien-lai", "hien-tai", "other"]);
});

const base = { names: 0, weak: 0, partial: 0, body: 0, bodyDone: true, bodyLoaded: 0,
  bodyTotal: 0 };

test("the status line never leads with zero", () => {
  const cases = [
    { ...base, body: 5, bodyLoaded: 5, bodyTotal: 5 },
    { ...base, body: 16, bodyLoaded: 16, bodyTotal: 187 },
    { ...base, weak: 148, body: 12, bodyLoaded: 16, bodyTotal: 40 },
    { ...base, weak: 3, body: 2, bodyLoaded: 2, bodyTotal: 2 },
    { ...base, partial: 4, body: 1, bodyLoaded: 1, bodyTotal: 1 },
    { ...base, names: 3, body: 4, bodyLoaded: 4, bodyTotal: 4 },
    { ...base, names: 3, body: 16, bodyLoaded: 16, bodyTotal: 40 },
    { ...base, names: 9 },
  ];
  for (const counts of cases) {
    const said = summary(counts, "biên lai");
    assert.doesNotMatch(said, /(^|\D)0 /, `${said} for ${JSON.stringify(counts)}`);
    assert.match(said, /^(Tìm thấy [1-9]|Nội dung của [1-9])/, said);
  }
});

test("pages found by their text are said first when no name holds the query well", () => {
  const said = summary({ ...base, weak: 148, body: 12, bodyLoaded: 16, bodyTotal: 40 },
    "biên lai");
  assert.match(said, /^Nội dung của 40 thủ tục có nhắc đến “biên lai”; dưới đây là 12/);
  assert.match(said, /148 tên gần giống/);
  assert.equal(summary({ ...base, names: 9 }, "x"), "Tìm thấy 9 kết quả.");
  assert.equal(
    summary({ ...base, names: 2, body: 3, bodyLoaded: 3, bodyTotal: 3 }, "x"),
    "Tìm thấy 2 kết quả theo tên, và 3 thủ tục khác có nhắc đến trong nội dung.",
  );
  assert.equal(
    summary({ ...base, body: 3, bodyLoaded: 3, bodyTotal: 3 }, "vneid"),
    "Tìm thấy 3 thủ tục có nhắc đến “vneid” trong nội dung.",
  );
});

test("the texts that need a number or the query say them", () => {
  assert.match(TEXT.more(5), /5/);
  assert.match(TEXT.none("abc", ""), /“abc”/);
  assert.match(TEXT.none("abc", "0243"), /đường dây nóng $/);
});
