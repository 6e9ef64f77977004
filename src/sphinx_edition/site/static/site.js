/* The website's own behaviour (bundled after the theme's scripts by
 * sphinx_edition/site/assets.py):
 *
 * 1. the colour-mode menu, which the theme opens with Bootstrap's script
 *    (24 KB gzipped) that we no longer load; and any sidebar button after
 *    the first, which the theme's scripts never wire up (they take only the
 *    first ".primary-toggle": the top bar's, when a project has one; this
 *    site has none, so the article's button is the first);
 * 2. glossary previews: sphinx_edition/static/term-previews.js, bundled
 *    after this file (it works with any theme on its own).
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

  ready(setupMenus);
  ready(setupSidebarToggles);
})();
