/* Glossary previews, for any HTML theme: a term link that
 * sphinx_edition/glossary/previews.py marked (data-term-preview) shows its
 * definition in a popover on hover or keyboard focus; Esc dismisses it. The
 * definition is already in the page and tied to the link with
 * aria-describedby, so screen readers announce it without the popover.
 * sphinx_edition.site.assets bundles this file after site.js; without it,
 * sphinx_edition.glossary.previews adds it to the page itself.
 */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  var popover = null;
  var current = null; // the link whose preview is showing
  var hideTimer = 0;

  function makePopover() {
    popover = document.createElement("div");
    popover.className = "term-preview";
    popover.id = "term-preview";
    // Sighted users see it; screen readers already have the definition as
    // the link's description, so the copy is hidden from them.
    popover.setAttribute("aria-hidden", "true");
    popover.hidden = true;
    popover.addEventListener("mouseenter", function () {
      clearTimeout(hideTimer);
    });
    popover.addEventListener("mouseleave", scheduleHide);
    (document.querySelector("main") || document.body).appendChild(popover);
  }

  function place(link) {
    var gap = 8;
    var margin = 8;
    var rect = link.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    popover.style.maxWidth = Math.min(352, width - 2 * margin) + "px";
    var box = popover.getBoundingClientRect();
    var left = Math.max(margin, Math.min(rect.left, width - box.width - margin));
    var top = rect.bottom + gap;
    if (top + box.height > window.innerHeight - margin && rect.top - gap - box.height > margin) {
      top = rect.top - gap - box.height; // no room below: show it above
    }
    popover.style.left = left + "px";
    popover.style.top = top + "px";
  }

  function show(link) {
    var source = document.getElementById(link.getAttribute("data-term-preview"));
    if (!source) return;
    clearTimeout(hideTimer);
    if (!popover) makePopover();
    current = link;
    popover.innerHTML = "";
    var title = document.createElement("p");
    title.className = "term-preview__term";
    title.textContent = source.getAttribute("data-term") || link.textContent;
    popover.appendChild(title);
    popover.appendChild(source.cloneNode(true)).removeAttribute("id");
    popover.hidden = false;
    place(link);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (popover) popover.hidden = true;
    current = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }

  function setupPreviews() {
    var links = document.querySelectorAll("a[data-term-preview]");
    links.forEach(function (link) {
      link.addEventListener("mouseenter", function () {
        show(link);
      });
      link.addEventListener("mouseleave", scheduleHide);
      link.addEventListener("focus", function () {
        show(link);
      });
      link.addEventListener("blur", hide);
    });
    if (!links.length) return;
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && current) hide();
    });
    var follow = function () {
      if (current) place(current);
    };
    window.addEventListener("scroll", follow, { passive: true });
    window.addEventListener("resize", follow);
  }

  ready(setupPreviews);
})();
