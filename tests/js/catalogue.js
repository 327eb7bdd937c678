// A small title index, as generator/build/titles.py writes it, and the ranking made from it
// with the shared folding table: what the unit tests of search-ranking.js rank against.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const repo = path.resolve(__dirname, "..", "..");
const assets = path.join(repo, "theme/assets/thutuc");
const MiniSearch = require(path.join(assets, "vendor/minisearch-7.2.0.min.js"));
const { makeFolding } = require(path.join(assets, "search-folding.js"));
const rankingModule = require(path.join(assets, "search-ranking.js"));
const table = JSON.parse(fs.readFileSync(path.join(repo, "generator/content/folding.json")));

const FIELDS = [["Hộ tịch", "ho-tich"], ["Đất đai", "dat-dai"], ["Cư trú", "cu-tru"],
  ["Chứng thực", "chung-thuc"], ["Tài chính", "tai-chinh"]];
// [title, field, keywords?]
const PROCEDURES = [
  ["Đăng ký khai sinh", 0, ["làm giấy khai sinh"]],
  ["Đăng ký khai sinh có yếu tố nước ngoài", 0],
  ["Đăng ký lại khai sinh", 0],
  ["Đăng ký khai tử", 0],
  ["Đăng ký kết hôn", 0],
  ["Cấp Giấy xác nhận tình trạng hôn nhân", 0, ["giấy độc thân"]],
  ["Cấp Giấy chứng nhận quyền sử dụng đất lần đầu", 1, ["làm sổ đỏ"]],
  ["Đăng ký biến động đất đai tại xã", 1],
  ["Đăng ký thường trú", 2],
  ["Đăng ký tạm trú", 2],
  ["Chứng thực chữ ký", 3],
  ["Chứng thực bản sao từ bản chính", 3],
  ["Cấp lại biên lai thu phí, lệ phí", 4],
  ["Bán đấu giá tài sản", 4],
  ["Thẩm định hồ sơ tại chỗ", 4],
  ["Xác nhận nơi ở hiện tại", 2],
  ["Cấp lại sân tập tại nơi cư trú", 2],
];

function titleIndex(procedures) {
  return {
    v: 1,
    paths: { procedure: "thu-tuc/", field: "linh-vuc/" },
    fields: FIELDS,
    procedures: procedures.map(([title, field, keywords], i) => {
      const entry = [title, 0, `1.00${1000 + i}`, field];
      if (keywords) entry.push(keywords);
      return entry;
    }),
    synonyms: [["so do", "giay chung nhan quyen su dung dat"]],
    fold: { marks: table.marks, letters: table.letters, final_y_after: table.final_y_after },
  };
}

/* The ranking over PROCEDURES, or over those `keep` keeps. */
function makeSearch(keep = () => true) {
  const folding = makeFolding(table);
  const ranking = rankingModule.makeRanking(folding, MiniSearch);
  const catalogue = ranking.buildCatalogue(titleIndex(PROCEDURES.filter(keep)));
  return {
    ranking,
    catalogue,
    rank: (query) => ranking.rank(catalogue, query),
    titles: (query) => ranking.rank(catalogue, query).map((r) => r.doc.title),
  };
}

module.exports = { makeSearch, TIER: rankingModule.TIER, CONFIDENT: rankingModule.CONFIDENT };
