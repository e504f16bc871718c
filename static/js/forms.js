// Moves keyboard focus to the error summary after a failed post, so screen reader and
// keyboard users hear what went wrong and can follow its links to the fields.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();

// A live character count under each limited text field of a form that opts in (its
// data-count-left and data-count-over messages). The limit stays in the help text for
// those without JavaScript. The browser's maxlength would cut pasted text silently, so the
// count takes over: text over the limit stays visible, is marked, and the server refuses it.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-count-left]");
  Array.prototype.forEach.call(forms, function (form) {
    var fields = form.querySelectorAll("textarea[maxlength]");
    Array.prototype.forEach.call(fields, function (field) {
      var max = Number(field.getAttribute("maxlength"));
      var counter = document.createElement("p");
      counter.id = field.id + "_count";
      counter.className = "char-count small";
      field.removeAttribute("maxlength");
      field.parentNode.insertBefore(counter, field.nextSibling);
      var described = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
      var near = false;
      function update() {
        // Browsers count a line break as one character, and so does the server.
        var length = field.value.replace(/\r\n?/g, "\n").length;
        var over = length > max;
        var template = over ? form.dataset.countOver : form.dataset.countLeft;
        counter.textContent = template
          .replace("%(count)s", String(over ? length - max : max - length))
          .replace("%(max)s", String(max));
        counter.classList.toggle("char-count-over", over);
        field.setAttribute("aria-invalid", over ? "true" : "false");
        // Announce only close to the limit, not at every key.
        var nowNear = max - length <= 100;
        if (nowNear !== near) {
          near = nowNear;
          if (near) {
            counter.setAttribute("aria-live", "polite");
          } else {
            counter.removeAttribute("aria-live");
          }
        }
      }
      field.addEventListener("input", update);
      field.addEventListener("counter", update);
      update();
    });
  });
})();
