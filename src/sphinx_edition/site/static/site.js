/* The website's own behaviour (bundled after the theme's scripts by
 * sphinx_edition/site/assets.py):
 *
 * 1. the colour-mode menu, which the theme opens with Bootstrap's script
 *    (24 KB gzipped) that we no longer load; and any sidebar button after
 *    the first, which the theme's scripts never wire up (they take only the
 *    first ".primary-toggle": the top bar's, when a project has one; this
 *    site has none, so the article's button is the first);
 * 2. glossary previews: a term link shows its definition in a popover on
 *    hover or keyboard focus; Esc dismisses it. The definition is already in
 *    the page (sphinx_edition/glossary/previews.py) and tied to the link with
 *    aria-describedby, so screen readers announce it without the popover.
 */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  /* -- 1. Colour-mode menu ------------------------------------------------ */

  function setupMenus() {
    document.querySelectorAll('[data-bs-toggle="dropdown"]').forEach(function (button) {
      var menu = button.parentElement.querySelector(".dropdown-menu");
      if (!menu) return;
      var items = function () {
        return Array.prototype.slice.call(menu.querySelectorAll("button, a"));
      };
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-haspopup", "true");

      function open(focusFirst) {
        menu.classList.add("show");
        menu.setAttribute("data-bs-popper", "static");
        button.setAttribute("aria-expanded", "true");
        if (focusFirst && items()[0]) items()[0].focus();
      }
      function close(returnFocus) {
        if (!menu.classList.contains("show")) return;
        menu.classList.remove("show");
        button.setAttribute("aria-expanded", "false");
        if (returnFocus) button.focus();
      }

      button.addEventListener("click", function (event) {
        event.stopPropagation();
        if (menu.classList.contains("show")) close(false);
        else open(false);
      });
      button.addEventListener("keydown", function (event) {
        if (event.key === "ArrowDown") {
          event.preventDefault();
          open(true);
        }
      });
      // Esc closes it wherever focus is (the book theme blurs the button on click).
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape") close(true);
      });
      menu.addEventListener("click", function () {
        close(true);
      });
      menu.addEventListener("keydown", function (event) {
        var list = items();
        var at = list.indexOf(document.activeElement);
        if (event.key === "Escape") {
          event.preventDefault();
          close(true);
        } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          event.preventDefault();
          var step = event.key === "ArrowDown" ? 1 : -1;
          list[(at + step + list.length) % list.length].focus();
        } else if (event.key === "Tab") {
          close(false);
        }
      });
      document.addEventListener("click", function (event) {
        if (!menu.contains(event.target)) close(false);
      });
    });
  }

  function setupSidebarToggles() {
    var toggles = document.querySelectorAll(".primary-toggle");
    var wired = toggles[0];
    for (var i = 1; i < toggles.length; i++) {
      toggles[i].setAttribute("aria-label", toggles[i].getAttribute("title") || "Toggle navigation");
      toggles[i].addEventListener("click", function (event) {
        event.preventDefault();
        wired.click(); // the theme decides: fold the sidebar, or open it as a dialog
      });
    }
  }

  /* -- 2. Glossary previews ----------------------------------------------- */

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

  ready(setupMenus);
  ready(setupSidebarToggles);
  ready(setupPreviews);
})();
