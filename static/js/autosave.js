// Autosave for the questionnaire. Without JavaScript the buttons save the page, so nothing
// depends on this; it only saves sooner and says so.
//
// - Each bouwsteen's answer carries the version the page last knew (a hidden input). A save
//   sends, as JSON to the autosave URL, only the answers that changed since the last
//   acknowledged save, each with that version. The server refuses an answer whose stored
//   version is newer (another window changed it); the page then shows the newer answer and
//   says so next to it.
// - A pause in typing saves after DELAY_MS, but steady typing still saves every MAX_WAIT_MS.
//   Only one save is in flight; changes made meanwhile go in one save right after it.
// - A failed save (no network, a server error) keeps the answers in the page, says so next to
//   each answer and in the status at the bottom of the screen, and tries again with back-off
//   (and at once when the browser is online again). Closing the tab with unsaved answers asks
//   first.
// - When the page is hidden or closed, unsaved changes go at once with keepalive, which lets
//   the request finish after the tab is gone. That save may overtake the one in flight, so
//   every save carries this page's id and a rising number (and the number of the save in
//   flight); the server drops an older one that arrives after a newer one.
(function () {
  "use strict";
  var form = document.getElementById("answers-form");
  var status = document.getElementById("autosave-status");
  if (!form || !status || form.dataset.autosave !== "on" || !window.fetch || !window.JSON) {
    return;
  }
  var DELAY_MS = 800;
  var MAX_WAIT_MS = 3000;
  var RETRY_FIRST_MS = 2000;
  var RETRY_MAX_MS = 60000;
  var timer = null;
  var retryTimer = null;
  var retryDelay = RETRY_FIRST_MS;
  var firstChange = 0; // time of the oldest unsaved change, 0 when all is saved
  var inFlight = null; // {seq, ids} of the save sent and not yet answered
  var again = false; // a save was asked for while another was in flight
  var submitting = false;
  var stopped = false; // the round is closed: nothing can be saved any more
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  var seq = 0;
  var page = pageId();
  var ids = [];
  var acked = {}; // bouwsteen id -> {version, values} as the server last confirmed

  Array.prototype.forEach.call(form.querySelectorAll("input[name$=_version]"), function (input) {
    var id = input.name.slice(1, -"_version".length);
    ids.push(id);
    acked[id] = { version: Number(input.value) || 0, values: read(id) };
  });
  status.textContent = status.dataset.intro;

  function field(id, name) {
    return form.querySelector("[name=b" + id + "_" + name + "]");
  }

  function level(id, name) {
    var checked = form.querySelector("input[name=b" + id + "_" + name + "]:checked");
    return checked ? Number(checked.value) : null;
  }

  function read(id) {
    var text = field(id, "toelichting");
    return {
      current: level(id, "current"),
      desired: level(id, "desired"),
      toelichting: text ? text.value.replace(/\r\n?/g, "\n").trim() : "",
    };
  }

  function same(a, b) {
    return a.current === b.current && a.desired === b.desired && a.toelichting === b.toelichting;
  }

  function changedIds() {
    return ids.filter(function (id) {
      return !same(read(id), acked[id].values);
    });
  }

  function answerStatus(id, text, kind) {
    var element = document.getElementById("answer-status-" + id);
    if (!element) {
      return;
    }
    element.textContent = text;
    element.hidden = !text;
    element.className = "answer-status" + (kind ? " alert alert-" + kind : "");
  }

  function pad(number) {
    return number < 10 ? "0" + number : String(number);
  }

  function showProgress() {
    var total = Number(form.dataset.total);
    var answered = Number(form.dataset.answeredElsewhere) || 0;
    ids.forEach(function (id) {
      if (level(id, "current") !== null) {
        answered += 1;
      }
    });
    var parts = status.dataset.answered.split("|");
    var text = document.getElementById("answered-text");
    var bar = document.getElementById("progress-bar");
    if (text) {
      text.textContent = answered + " " + parts[0] + " " + total + " " + parts[1];
    }
    if (bar && total) {
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

  function post(body, keepalive) {
    var headers = { "Content-Type": "application/json" };
    if (csrf) {
      headers["X-CSRFToken"] = csrf.value;
    }
    return fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: body,
      headers: headers,
      credentials: "same-origin",
      keepalive: keepalive,
    });
  }

  function acknowledge(id, version, values) {
    if (version > acked[id].version) {
      acked[id] = { version: version, values: values };
      field(id, "version").value = String(version);
    }
  }

  function showStored(answer) {
    var id = String(answer.bouwsteen);
    if (answer.version <= acked[id].version) {
      return; // this page's own newer save; nothing to show
    }
    ["current", "desired"].forEach(function (name) {
      Array.prototype.forEach.call(
        form.querySelectorAll("input[name=b" + id + "_" + name + "]"),
        function (radio) {
          radio.checked = answer[name] !== null && Number(radio.value) === answer[name];
        }
      );
    });
    var text = field(id, "toelichting");
    if (text) {
      text.value = answer.toelichting;
      text.dispatchEvent(new Event("counter"));
    }
    acknowledge(id, answer.version, {
      current: answer.current,
      desired: answer.desired,
      toelichting: answer.toelichting,
    });
    answerStatus(id, form.dataset.conflict, "warning");
  }

  function failed(sentIds, message) {
    sentIds.forEach(function (id) {
      answerStatus(id, form.dataset.unsaved, "danger");
    });
    status.textContent = message;
    status.classList.add("autosave-failed");
    if (retryTimer) {
      window.clearTimeout(retryTimer);
    }
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      save(false);
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
  }

  function handle(sent, result) {
    var data = result.data || {};
    if (result.status === 409 && data.closed) {
      stopped = true;
      status.textContent = data.message;
      return;
    }
    if (result.status !== 200 && result.status !== 409) {
      if (result.status >= 500 || !data.message) {
        failed(sent.ids, status.dataset.failed);
      } else {
        status.textContent = data.message; // 400: the page's own checks say what is wrong
        status.classList.add("autosave-failed");
      }
      return;
    }
    retryDelay = RETRY_FIRST_MS;
    status.classList.remove("autosave-failed");
    var saved = data.saved || {};
    sent.answers.forEach(function (answer) {
      var id = String(answer.bouwsteen);
      if (saved[id] !== undefined) {
        acknowledge(id, saved[id], {
          current: answer.current,
          desired: answer.desired,
          toelichting: answer.toelichting,
        });
        answerStatus(id, "");
      }
    });
    (data.conflicts || []).forEach(showStored);
    showProgress();
    if (data.conflicts && data.conflicts.length) {
      status.textContent = status.dataset.conflict;
    } else {
      var now = new Date();
      status.textContent =
        status.dataset.saved + " " + pad(now.getHours()) + ":" + pad(now.getMinutes());
      form.dataset.saved = String(Date.now());
    }
  }

  function save(keepalive) {
    if (timer) {
      window.clearTimeout(timer);
      timer = null;
    }
    if (submitting || stopped) {
      return;
    }
    var changed = changedIds();
    if (!changed.length) {
      return;
    }
    if (inFlight && !keepalive) {
      again = true;
      return;
    }
    if (inFlight && sentAlready(changed)) {
      return; // the save in flight carries these very answers
    }
    seq += 1;
    var after = inFlight;
    var sent = {
      seq: seq,
      ids: changed,
      answers: changed.map(function (id) {
        var values = read(id);
        return {
          bouwsteen: Number(id),
          version: acked[id].version,
          current: values.current,
          desired: values.desired,
          toelichting: values.toelichting,
          after: after !== null && after.ids.indexOf(id) !== -1,
        };
      }),
    };
    var body = JSON.stringify({
      niveau: form.dataset.niveau,
      page: page,
      seq: seq,
      after: after ? after.seq : null,
      answers: sent.answers,
    });
    firstChange = 0;
    if (!after) {
      inFlight = sent;
    }
    status.textContent = status.dataset.saving;
    post(body, keepalive)
      .catch(function (error) {
        // keepalive bodies are limited to 64 kB; try once more without it.
        if (keepalive) {
          return post(body, false);
        }
        throw error;
      })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (data) {
            return { status: response.status, data: data };
          });
      })
      .then(
        function (result) {
          handle(sent, result);
        },
        function () {
          failed(sent.ids, status.dataset.failed);
        }
      )
      .then(function () {
        if (inFlight === sent) {
          inFlight = null;
        }
        if (again && !inFlight) {
          again = false;
          save(false);
        }
      });
  }

  function sentAlready(changed) {
    return changed.every(function (id) {
      return inFlight.answers.some(function (answer) {
        return String(answer.bouwsteen) === id && same(answer, read(id));
      });
    });
  }

  function schedule() {
    showProgress();
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
    if (timer) {
      window.clearTimeout(timer);
    }
  });
  window.addEventListener("online", function () {
    if (retryTimer) {
      window.clearTimeout(retryTimer);
      retryTimer = null;
    }
    retryDelay = RETRY_FIRST_MS;
    save(false);
  });
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && !stopped && changedIds().length) {
      saveNow();
      event.preventDefault();
      event.returnValue = "";
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
