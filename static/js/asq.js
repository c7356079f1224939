// The safety screen, as the ASQ asks it: "right now" comes after a yes (or "I'd rather not
// say") to any of the first four questions. Without this file the question is always shown,
// with a note saying when to answer it, and the help below it waits for the next page.
(function () {
  "use strict";

  var screen = document.querySelector(".safety-screen");
  var acuity = document.querySelector("[data-asq-acuity]");
  if (!screen || !acuity) {
    return;
  }
  var first = ["asq_wished_dead", "asq_better_off_dead", "asq_thoughts_of_suicide", "asq_ever_attempted"];
  var note = acuity.querySelector("[data-asq-note]");
  // Help right now, the moment "right now" is answered yes or "I'd rather not say": nobody
  // has to finish the form (or its steps, steps.js) to see it.
  var now = acuity.querySelector("[data-asq-now]");
  var rightNow = acuity.querySelectorAll('input[name="asq_right_now"]');

  function positive() {
    return first.some(function (name) {
      var checked = screen.querySelector('input[name="' + name + '"]:checked');
      return checked && (checked.value === "yes" || checked.value === "declined");
    });
  }

  function answeredRightNow() {
    var checked = acuity.querySelector('input[name="asq_right_now"]:checked');
    return checked && (checked.value === "yes" || checked.value === "declined");
  }

  function update() {
    // A yes to "right now" already given is never hidden.
    var show = positive() || answeredRightNow();
    acuity.hidden = !show;
    if (note) {
      note.hidden = true;
    }
    rightNow.forEach(function (input) {
      if (!show) {
        input.checked = false;
      }
      // As the server asks: required once shown, so a step cannot go on without it.
      input.required = show;
    });
    if (now) {
      now.hidden = !answeredRightNow();
    }
  }

  screen.addEventListener("change", update);
  update();
})();
