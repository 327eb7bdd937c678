// The browser's folding against the shared vectors (tests/fixtures/folding-vectors.json),
// with the shared table (generator/content/folding.json): the pytest suite checks the same
// vectors against generator/content/folding.py.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const repo = path.resolve(__dirname, "..", "..");
const { makeFolding } = require(path.join(repo, "theme/assets/thutuc/search-folding.js"));
const table = JSON.parse(fs.readFileSync(path.join(repo, "generator/content/folding.json")));
const { vectors } = JSON.parse(
  fs.readFileSync(path.join(repo, "tests/fixtures/folding-vectors.json")),
);
const folding = makeFolding(table);

test("the vectors are many and hostile enough to mean something", () => {
  assert.ok(vectors.length >= 20);
  assert.ok(vectors.some((v) => v.text !== v.text.normalize("NFC")), "an NFD input");
  assert.ok(vectors.some((v) => /[đĐ]/.test(v.text)), "a đ");
});

for (const v of vectors) {
  test(`folds ${JSON.stringify(v.text)}`, () => {
    assert.equal(folding.bare(v.text), v.bare);
    assert.equal(folding.fold(v.text), v.fold);
    assert.deepEqual(folding.words(v.text), v.words);
    assert.equal(folding.slugOf(v.text), v.slug);
  });
}

test("folding keeps the positions of NFC text, which the highlighting relies on", () => {
  const title = "Cấp Giấy xác nhận tình trạng hôn nhân (Đ/K)";
  const folded = folding.fold(title);
  assert.equal(folded.length, title.length);
  const at = folded.indexOf("tinh trang");
  assert.equal(title.slice(at, at + 10), "tình trạng");
});

test("a table without đ does not fold it: the table, not the code, decides", () => {
  const plain = makeFolding({ ...table, letters: {} });
  assert.equal(plain.fold("Đăng ký"), "đang ki");
});
