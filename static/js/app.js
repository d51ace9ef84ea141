// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // <button data-confirm="Really?"> asks before submitting.
  document.addEventListener("click", function (event) {
    var element = event.target.closest("[data-confirm]");
    if (element && !window.confirm(element.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  // Close the account menu when clicking elsewhere or pressing Escape.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.user-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.user-menu[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    });
  });
  // --header-height: the sticky header's height (it wraps on a phone), so what
  // floats below it (the live "new posts" pill) is never hidden under it.
  var header = document.querySelector(".site-header");
  if (header) {
    var measure = function () {
      document.documentElement.style.setProperty("--header-height", header.offsetHeight + "px");
    };
    measure();
    if (window.ResizeObserver) new ResizeObserver(measure).observe(header);
    else window.addEventListener("resize", measure);
  }
})();
