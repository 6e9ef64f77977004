/* Search result snippets from the page's text only (bundled after Sphinx's
 * searchtools.js by sphinx_edition/site/assets.py).
 *
 * Sphinx takes a snippet from everything inside [role="main"], which in
 * the book theme includes the article's toolbar ("System Settings Light
 * Dark ..."), and joins the text of neighbouring blocks with no space
 * ("...joint strategyA plan..."). This reads the article alone, leaves out
 * what is not the page's text (permalinks, glossary previews and lists of
 * uses), and puts a space between blocks.
 */
(function () {
  "use strict";
  if (typeof Search === "undefined") return;

  var NOT_TEXT = ".headerlink, script, style, .term-preview-source, " +
    ".glossary-backlinks, .glossary-backlinks-lead";
  var BLOCKS = "p, li, dt, dd, h1, h2, h3, h4, h5, h6, div, section, " +
    "blockquote, pre, td, th, caption, figcaption";

  Search.htmlToText = function (htmlString, anchor) {
    var doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(NOT_TEXT).forEach(function (el) { el.remove(); });
    var article = doc.querySelector("article.bd-article") ||
      doc.querySelector('[role="main"]');
    if (!article) return "";
    var scope = (anchor && article.querySelector(anchor)) || article;
    scope.querySelectorAll(BLOCKS).forEach(function (el) {
      el.append(" ");
    });
    return scope.textContent.replace(/\s+/g, " ").trim();
  };
})();
