// The safety screen, as the ASQ asks it: "right now" comes after a yes (or "I'd rather not
// say") to any of the first four questions. Without this file the question is always shown,
// with a note saying when to answer it.
(function () {
  "use strict";

  var screen = document.querySelector(".safety-screen");
  var acuity = document.querySelector("[data-asq-acuity]");
  if (!screen || !acuity) {
    return;
  }
  var first = ["asq_wished_dead", "asq_better_off_dead", "asq_thoughts_of_suicide", "asq_ever_attempted"];
  var note = acuity.querySelector("[data-asq-note]");

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
    if (!show) {
      acuity.querySelectorAll('input[name="asq_right_now"]').forEach(function (input) {
        input.checked = false;
      });
    }
  }

  screen.addEventListener("change", update);
  update();
})();
