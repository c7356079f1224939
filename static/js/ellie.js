// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Quick exit: Esc leaves the site and replaces this page in the history,
  // so the back button does not return here.
  function leave() {
    var link = document.querySelector("[data-quick-exit]");
    if (link) {
      window.location.replace(link.href);
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.defaultPrevented) {
      leave();
    }
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (link) {
      event.preventDefault();
      leave();
    }
  });
})();
