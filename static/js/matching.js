// The directory works without this file. On a wide screen the filters sit in a sidebar,
// so open them; on a phone they stay folded so the results come first.
(function () {
  "use strict";
  if (window.matchMedia && window.matchMedia("(min-width: 992px)").matches) {
    document.querySelectorAll("details.filter-panel").forEach(function (panel) {
      panel.open = true;
    });
  }
})();
