/* "Larger text": doubles every text of the chat page and is remembered on this device.
 *
 * Loaded in <head> without defer, so her choice holds before the first paint; the switch is
 * wired once the page is there. A toggle button (aria-pressed), reached with Tab and pressed with
 * Enter or Space. When storage is blocked the choice simply lasts for this page.
 */
(function () {
  "use strict";

  var KEY = "ilteo.web.text-size.v1";
  var LARGE = "large";
  var root = document.documentElement;

  function saved() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (e) {
      return null;
    }
  }

  function save(value) {
    try {
      if (value) window.localStorage.setItem(KEY, value);
      else window.localStorage.removeItem(KEY);
    } catch (e) {
      // storage blocked (private window, embedding iframe): only the memory is lost
    }
  }

  function apply(large, button) {
    root.classList.toggle("text-large", large);
    if (button) button.setAttribute("aria-pressed", large ? "true" : "false");
  }

  apply(saved() === LARGE, null);

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("text-size");
    if (!button) return;
    apply(root.classList.contains("text-large"), button);
    button.addEventListener("click", function () {
      var large = !root.classList.contains("text-large");
      apply(large, button);
      save(large ? LARGE : null);
    });
  });
})();
