// Get matched, one section at a time. Without this file the form is one page, as the server
// renders it. With it, each section (fieldset[data-step]) is a step: "Step 2 of 7", the crisis
// line on every step, Back and Next (real buttons, from <template id="form-steps">, so every
// word is the page's own, in its language). It is still one form: answers stay when a person
// goes back, and nothing is sent before the last step. Next checks the questions marked *
// on its step with the browser's own constraint checks; the server still checks everything.
// The safety step keeps to asq.js: "right now" counts only when asq.js shows it.
(function () {
  "use strict";

  var form = document.getElementById("get-matched-form");
  var parts = document.getElementById("form-steps");
  if (!form || !parts || !parts.content) {
    return;
  }
  var steps = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-step]"));
  var actions = form.querySelector(".form-actions");
  var send = actions && actions.querySelector("[type=submit]");
  if (steps.length < 2 || !send) {
    return;
  }

  function part(selector) {
    return parts.content.querySelector(selector).cloneNode(true);
  }
  var head = part("[data-steps-head]");
  var progress = head.querySelector("[data-step-progress]");
  var bar = head.querySelector("[data-step-bar]");
  var invalid = part("[data-step-invalid]");
  var back = part("[data-step-back]");
  var next = part("[data-step-next]");
  var current = -1;

  // Each step's heading is where focus goes when the step opens.
  steps.forEach(function (step) {
    var heading = step.querySelector("legend h2") || step.querySelector("legend");
    heading.setAttribute("tabindex", "-1");
    heading.classList.add("step-heading");
  });
  var note = form.querySelector(".required-note");
  form.insertBefore(head, note && note.parentNode === form ? note : steps[0]);
  invalid.hidden = true;
  actions.parentNode.insertBefore(invalid, actions);
  actions.insertBefore(back, actions.firstChild);
  actions.insertBefore(next, send);
  bar.max = steps.length;
  form.classList.add("is-stepped");

  function heading(index) {
    return steps[index].querySelector(".step-heading");
  }

  function show(index, focus) {
    current = index;
    steps.forEach(function (step, i) {
      step.hidden = i !== index;
    });
    var last = index === steps.length - 1;
    back.hidden = index === 0;
    next.hidden = last;
    send.hidden = !last;
    invalid.hidden = true;
    bar.value = index + 1;
    progress.textContent = progress
      .getAttribute("data-format")
      .replace("{number}", String(index + 1))
      .replace("{total}", String(steps.length));
    if (focus) {
      // The step's top, with the crisis line above its heading, in view; focus on the heading.
      head.scrollIntoView({ block: "start", behavior: "instant" });
      heading(index).focus({ preventScroll: true });
    }
  }

  // The fields of the current step that a person can see and that are not yet right. A
  // question asq.js keeps hidden (right now, before any yes) is never asked for.
  function problems(step) {
    return Array.prototype.filter.call(
      step.querySelectorAll("input, select, textarea"),
      function (field) {
        return (
          !field.disabled &&
          field.type !== "hidden" &&
          !field.closest("[hidden]") &&
          !field.checkValidity()
        );
      }
    );
  }

  function mark(fields) {
    fields.forEach(function (field) {
      field.classList.add("is-invalid");
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("data-step-marked", "");
    });
  }

  // A mark this file added goes once the question is answered.
  form.addEventListener("change", function (event) {
    var field = event.target;
    if (!field.name || !field.checkValidity()) {
      return;
    }
    form.querySelectorAll('[data-step-marked][name="' + field.name + '"]').forEach(function (f) {
      f.classList.remove("is-invalid");
      f.removeAttribute("aria-invalid");
      f.removeAttribute("data-step-marked");
    });
    if (!problems(steps[current]).some(function (f) { return f.hasAttribute("data-step-marked"); })) {
      invalid.hidden = true;
    }
  });

  function stepReady() {
    var wrong = problems(steps[current]);
    if (!wrong.length) {
      return true;
    }
    mark(wrong);
    invalid.hidden = false;
    var question = wrong[0].closest("[id^='div_id_']") || wrong[0];
    question.scrollIntoView({ block: "start", behavior: "instant" });
    wrong[0].focus({ preventScroll: true });
    return false;
  }

  function goNext() {
    if (stepReady() && current < steps.length - 1) {
      show(current + 1, true);
    }
  }

  back.addEventListener("click", function () {
    if (current > 0) {
      show(current - 1, true);
    }
  });
  next.addEventListener("click", goNext);

  // Enter in a field sends the form; before the last step it means Next instead.
  form.addEventListener("submit", function (event) {
    if (current < steps.length - 1) {
      event.preventDefault();
      goNext();
    } else if (!stepReady()) {
      event.preventDefault();
    }
  });

  function stepOf(element) {
    var step = element && element.closest("fieldset[data-step]");
    return step ? steps.indexOf(step) : -1;
  }

  // A link in the error summary (ellie.js) opens the step of its question first.
  form.addEventListener("ellie:reveal", function (event) {
    var index = stepOf(event.target);
    if (index >= 0 && index !== current) {
      show(index, false);
    }
  });

  // Sent back with mistakes: open on the first one the summary lists (the summary keeps the
  // focus). Sent back without any (not saved, or paused): the last step, to send again.
  var start = 0;
  var summary = document.querySelector("[data-error-summary] a[href^='#']");
  var first = summary && document.getElementById(summary.getAttribute("href").slice(1));
  if (stepOf(first) >= 0) {
    start = stepOf(first);
  } else if (form.querySelector(".is-invalid")) {
    start = stepOf(form.querySelector(".is-invalid"));
  } else if (parts.getAttribute("data-start") === "last") {
    start = steps.length - 1;
  }
  show(Math.max(start, 0), false);
})();
