// While the PDF is being made, the download page checks again every few seconds and shows
// the new state in its live region, so nobody needs to press "Vernieuwen". Without
// JavaScript the link does the same.
(function () {
  "use strict";
  var status = document.getElementById("pdf-status");
  if (!status || status.getAttribute("data-ready") === "1" || !window.fetch) {
    return;
  }
  var tries = 0;
  function check() {
    tries += 1;
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("pdf-status");
        if (!fresh) {
          return;
        }
        status.innerHTML = fresh.innerHTML;
        status.setAttribute("data-ready", fresh.getAttribute("data-ready"));
        if (fresh.getAttribute("data-ready") !== "1" && tries < 200) {
          window.setTimeout(check, 3000);
        }
      })
      .catch(function () { window.setTimeout(check, 10000); });
  }
  window.setTimeout(check, 2000);
})();
