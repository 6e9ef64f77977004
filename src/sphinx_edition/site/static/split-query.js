/* The search query split the way the index was (sphinx_edition.site.search).
 *
 * Chinese is written without spaces, and the indexer segments it (Sphinx
 * uses jieba's search mode: 极限施压 goes into the index as 极限 and 施压),
 * while Sphinx's query splitter cuts only at spaces and punctuation, so a
 * typed term was looked up whole and found nothing. Here each run of Han
 * characters is cut into the longest words the index holds, left to right,
 * and every piece is required, as for words typed apart. Characters no
 * indexed word covers stay together as one word (which then finds
 * nothing, as it should), unless a single character is all that is left:
 * the indexer keeps no one-character words, so it is dropped like them.
 * Everything else is split as Sphinx splits it.
 */
var splitQuery = (function () {
  "use strict";
  var SPLIT = /[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu;
  var HAN_RUNS = /(\p{Script=Han}+)/u;
  var HAN = /^\p{Script=Han}/u;
  var words = null;

  function indexWords() {
    var index = typeof Search !== "undefined" ? Search._index : null;
    if (!index) return null;
    if (words === null || words.index !== index) {
      var all = new Set(Object.keys(index.terms).concat(Object.keys(index.titleterms)));
      var longest = 0;
      all.forEach(function (word) { longest = Math.max(longest, word.length); });
      words = { index: index, all: all, longest: longest };
    }
    return words;
  }

  function segment(run, known) {
    var pieces = [];
    var unknown = "";
    var keepUnknown = function () {
      if (unknown.length > 1) pieces.push(unknown);
      unknown = "";
    };
    var at = 0;
    while (at < run.length) {
      var size = Math.min(known.longest, run.length - at);
      while (size > 1 && !known.all.has(run.substr(at, size))) size -= 1;
      if (size > 1) {
        keepUnknown();
        pieces.push(run.substr(at, size));
        at += size;
      } else {
        unknown += run[at];
        at += 1;
      }
    }
    keepUnknown();
    return pieces;
  }

  return function (query) {
    var typed = query.split(SPLIT).filter(function (word) { return word; });
    var known = indexWords();
    if (!known) return typed;
    var pieces = [];
    typed.forEach(function (word) {
      word.split(HAN_RUNS).forEach(function (part) {
        if (!part) return;
        if (HAN.test(part)) pieces.push.apply(pieces, segment(part, known));
        else pieces.push(part);
      });
    });
    return pieces;
  };
})();
