// Moves keyboard focus to the error summary after a failed post, so screen reader and
// keyboard users hear what went wrong and can follow its links to the fields.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
