// The bouwstenen a round asks (templates/assessments/_round_scope.html): choosing "all" or
// one niveau ticks those boxes; ticking a box by hand makes it "een eigen keuze". Without
// JavaScript the radio decides and the boxes count only for an own choice.
(function () {
  "use strict";
  var scope = document.getElementById("round-scope");
  if (!scope) {
    return;
  }
  var form = scope.form || scope.closest("form");
  var radios = scope.querySelectorAll("input[type=radio]");
  var boxes = form.querySelectorAll("input[type=checkbox][data-niveau]");
  Array.prototype.forEach.call(radios, function (radio) {
    radio.addEventListener("change", function () {
      if (radio.value === "own") {
        return;
      }
      var niveau = radio.value.indexOf("niveau-") === 0 ? radio.value.slice(7) : null;
      Array.prototype.forEach.call(boxes, function (box) {
        box.checked = niveau === null || box.dataset.niveau === niveau;
      });
    });
  });
  Array.prototype.forEach.call(boxes, function (box) {
    box.addEventListener("change", function () {
      var own = scope.querySelector("input[type=radio][value=own]");
      if (own) {
        own.checked = true;
      }
    });
  });
})();
