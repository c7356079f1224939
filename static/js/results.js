// The results page works without this file. With it, the choose button says how many
// therapists are ticked (the word "chosen" comes from the page, in its language), so the count is in view on a phone while the button stays at the bottom.
(function () {
  "use strict";
  var form = document.getElementById("choose-form");
  var count = form && form.querySelector("[data-chosen-count]");
  if (!count) return;
  function update() {
    var n = form.querySelectorAll('input[name="clinicians"]:checked').length;
    count.textContent = n ? " (" + n + " " + (count.dataset.chosenWord || "chosen") + ")" : "";
  }
  form.addEventListener("change", update);
  update();
})();
