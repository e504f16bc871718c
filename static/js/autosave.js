// Autosave for the questionnaire: posts the whole page shortly after each change, with the
// X-Autosave header, to the same URL as the form. The server applies the same checks as for
// a normal post. Without JavaScript the buttons save the page, so nothing depends on this.
//
// - A pause in typing saves after DELAY_MS, but steady typing still saves every MAX_WAIT_MS.
// - Only one save is in flight; changes made meanwhile go in one save right after it, so an
//   older answer can never land after a newer one.
// - When the page is hidden or closed, unsaved changes go at once with keepalive, which lets
//   the request finish after the tab is gone. That save may overtake the one in flight, so
//   every post carries this page's id and a rising number; the server drops an older one
//   that arrives after a newer one.
(function () {
  "use strict";
  var form = document.getElementById("answers-form");
  var status = document.getElementById("autosave-status");
  if (!form || !status || form.dataset.autosave !== "on" || !window.fetch) {
    return;
  }
  var DELAY_MS = 800;
  var MAX_WAIT_MS = 3000;
  var timer = null;
  var firstChange = 0; // time of the oldest unsaved change, 0 when all is saved
  var dirty = false;
  var inFlight = 0; // saves sent and not yet answered
  var again = false; // a save was asked for while another was in flight
  var submitting = false;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  var savePage = form.querySelector("input[name=save_page]");
  var saveSeq = form.querySelector("input[name=save_seq]");
  var seq = 0;
  status.textContent = status.dataset.intro;

  function pad(number) {
    return number < 10 ? "0" + number : String(number);
  }

  function showProgress(answered, total) {
    var parts = status.dataset.answered.split("|");
    var text = document.getElementById("answered-text");
    var bar = document.getElementById("progress-bar");
    if (text) {
      text.textContent = answered + " " + parts[0] + " " + total + " " + parts[1];
    }
    if (bar) {
      bar.setAttribute("aria-valuenow", answered);
      // A class from widths.css: the Content-Security-Policy allows no style attributes.
      bar.firstElementChild.className = "progress-bar w-pct-" + Math.round((100 * answered) / total);
    }
  }

  function pageId() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return (b < 16 ? "0" : "") + b.toString(16);
      })
      .join("");
  }

  function markNextPost() {
    seq += 1;
    if (savePage && saveSeq) {
      saveSeq.value = String(seq);
    }
  }

  if (savePage && window.crypto && window.crypto.getRandomValues) {
    savePage.value = pageId();
  }

  function post(keepalive) {
    var headers = { "X-Autosave": "1" };
    if (csrf) {
      headers["X-CSRFToken"] = csrf.value;
    }
    markNextPost();
    return fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      headers: headers,
      credentials: "same-origin",
      keepalive: keepalive,
    });
  }

  function save(keepalive) {
    if (timer) {
      window.clearTimeout(timer);
      timer = null;
    }
    if (submitting || !dirty) {
      return;
    }
    if (inFlight && !keepalive) {
      again = true;
      return;
    }
    // A page that is going away cannot wait for the save in flight, so its last changes go
    // now; the server handles saves of one round one after the other.
    dirty = false;
    firstChange = 0;
    inFlight += 1;
    status.textContent = status.dataset.saving;
    post(keepalive)
      .catch(function (error) {
        // keepalive bodies are limited to 64 kB; try once more without it.
        if (keepalive) {
          return post(false);
        }
        throw error;
      })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (result) {
        if (result.ok && result.data.ok) {
          var now = new Date();
          status.textContent =
            status.dataset.saved + " " + pad(now.getHours()) + ":" + pad(now.getMinutes());
          form.dataset.saved = String(Date.now());
          showProgress(result.data.answered, result.data.total);
        } else {
          status.textContent = result.data.message || status.dataset.failed;
        }
      })
      .catch(function () {
        dirty = true; // try again with the next change or when the page is hidden
        status.textContent = status.dataset.failed;
      })
      .then(function () {
        inFlight -= 1;
        if (again && !inFlight) {
          again = false;
          save(false);
        }
      });
  }

  function schedule() {
    dirty = true;
    var now = Date.now();
    if (!firstChange) {
      firstChange = now;
    }
    if (timer) {
      window.clearTimeout(timer);
    }
    var wait = Math.min(DELAY_MS, Math.max(0, firstChange + MAX_WAIT_MS - now));
    timer = window.setTimeout(function () {
      timer = null;
      save(false);
    }, wait);
  }

  function saveNow() {
    save(true);
  }

  form.addEventListener("change", schedule);
  form.addEventListener("input", schedule);
  form.addEventListener("submit", function () {
    submitting = true;
    markNextPost();
    if (timer) {
      window.clearTimeout(timer);
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      saveNow();
    }
  });
  window.addEventListener("pagehide", saveNow);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      submitting = false; // back from the browser's cache after a post: autosave again
    }
  });
})();
