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

  // A form shown again with errors: bring its summary into view and to screen readers first.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary && !window.location.hash) {
      summary.focus();
    }
  });

  // A link in the error summary: focus the field and show its question, not only the box.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    var question = field.closest("[id^='div_id_']") || field;
    question.scrollIntoView({ block: "start", behavior: "instant" });
    field.focus({ preventScroll: true });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (link) {
      event.preventDefault();
      leave();
    }
  });
})();
