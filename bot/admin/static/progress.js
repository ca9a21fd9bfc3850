/* A running import or broadcast: its progress asked from its /status address every few seconds
 * and written into the page, and the finished page shown once it is done. This replaces a
 * <meta http-equiv="refresh">, which reloaded the whole page under her cursor and her screen
 * reader (WCAG 2.2.1, 2.2.2): this one can be paused, and nothing but the figures changes.
 *
 * Markup: <section data-progress-url="…/status" data-every="2000"> holding <progress>, its
 * <label class="progress-label">, elements with data-figure="sent" (a key of the status JSON),
 * and <button class="progress-pause">. No inline script (the admin's CSP allows none).
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-progress-url]");
  if (!box) return;
  var url = box.getAttribute("data-progress-url");
  var every = Math.max(1000, parseInt(box.getAttribute("data-every"), 10) || 2000);
  var bar = box.querySelector("progress");
  var label = box.querySelector(".progress-label");
  var pause = box.querySelector(".progress-pause");
  var RUNNING = ["running", "sending"];
  var timer = null;

  function show(status) {
    var percent = Number(status.percent) || 0;
    if (bar) bar.value = percent;
    if (label) {
      var words = typeof status.stage === "string" && status.stage
        ? status.stage + (status.total ? " (" + status.done + "/" + status.total + ")" : "")
        : label.textContent.split(" · ")[0];
      label.textContent = words + " · " + percent + "%";
    }
    Array.prototype.forEach.call(box.querySelectorAll("[data-figure]"), function (node) {
      var keys = node.getAttribute("data-figure").split("+");
      var sum = keys.reduce(function (total, key) {
        return total + (Number(status[key]) || 0);
      }, 0);
      node.textContent = String(sum);
    });
  }

  function ask() {
    timer = null;
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (status) {
        show(status);
        // finished: the page itself has the report (a change she was told about on the page)
        if (RUNNING.indexOf(status.state) < 0) window.location.reload();
        else schedule();
      })
      .catch(schedule);
  }

  function schedule() {
    if (!paused()) timer = window.setTimeout(ask, every);
  }

  function paused() {
    return !!pause && pause.getAttribute("aria-pressed") === "true";
  }

  if (pause) {
    pause.hidden = false;
    pause.addEventListener("click", function () {
      pause.setAttribute("aria-pressed", paused() ? "false" : "true");
      if (timer) window.clearTimeout(timer);
      timer = null;
      if (!paused()) ask();
    });
  }
  schedule();
})();
