/* Folding for the search box: the rules of generator/content/folding.py, from the same table
   (generator/content/folding.json), which the title index carries. Lower case, no marks,
   đ as d, one letter for one letter of NFC text; then a final y after a consonant as i.
   A classic script (it must load from a folder, file://, where module scripts do not): in
   the page it sets thutucSearchModules.folding, in Node (the unit tests) module.exports. */
(function (root, make) {
  "use strict";
  var made = make();
  if (typeof module === "object" && module.exports) module.exports = made;
  else (root.thutucSearchModules = root.thutucSearchModules || {}).folding = made;
})(this, function () {
  "use strict";

  /* Letters and digits, as syllables are cut after folding. */
  var WORD = /[a-z0-9]+/g;

  function escapeClass(text) { return text.replace(/[\\\]^-]/g, "\\$&"); }

  /* The folding functions for one table: {marks, letters, final_y_after}. */
  function makeFolding(table) {
    var marks = new RegExp("[" + table.marks + "]", "g");
    var letterKeys = Object.keys(table.letters);
    var letters = new RegExp("[" + escapeClass(letterKeys.join("")) + "]", "g");
    var finalY = new RegExp("([" + escapeClass(table.final_y_after) + "])y(?![a-z0-9])", "g");

    function bare(text) {
      var unmarked = text.normalize("NFD").replace(marks, "");
      if (letterKeys.length) {
        unmarked = unmarked.replace(letters, function (c) { return table.letters[c]; });
      }
      return unmarked.toLowerCase();
    }
    function fold(text) { return bare(text).replace(finalY, "$1i"); }
    function words(text) { return fold(text).match(WORD) || []; }
    /* The slug generator/build/titles.py leaves out when the title gives it. */
    function slugOf(title) {
      return bare(title).replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    }
    return { bare: bare, fold: fold, words: words, slugOf: slugOf };
  }

  return { makeFolding: makeFolding, WORD: WORD };
});
