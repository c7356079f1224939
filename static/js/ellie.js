// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Quick exit (public pages only: staff pages have no [data-quick-exit], so Esc does
  // nothing there). Esc or the button tells the site to forget this device's results, then
  // replaces this page in the history, so the back button does not return here. Without
  // JavaScript the button posts the same form and the site redirects.
  var leaving = false;

  function leave() {
    var form = document.querySelector("[data-quick-exit]");
    if (!form || leaving) {
      return;
    }
    leaving = true;
    if (!window.fetch) {
      form.submit(); // the same as the button without JavaScript
      return;
    }
    var exitUrl = form.getAttribute("data-exit-url");
    var gone = false;
    function go() {
      if (!gone) {
        gone = true;
        window.location.replace(exitUrl);
      }
    }
    // Never keep someone waiting on us: go after a moment whatever the answer.
    window.setTimeout(go, 700);
    window.fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      keepalive: true
    }).then(go, go);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.defaultPrevented) {
      leave();
    }
  });

  document.addEventListener("submit", function (event) {
    if (event.target.matches && event.target.matches("[data-quick-exit]")) {
      event.preventDefault();
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
    // A form in steps (steps.js) first opens the step that holds this question.
    field.dispatchEvent(new CustomEvent("ellie:reveal", { bubbles: true }));
    var question = field.closest("[id^='div_id_']") || field;
    question.scrollIntoView({ block: "start", behavior: "instant" });
    field.focus({ preventScroll: true });
  });
})();
