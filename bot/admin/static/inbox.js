/* The counsellors' inbox, live: listens to /admin/inbox/events (server-sent events) and, when
 * something of this page changed, asks the page again and puts in what is new: the list and its
 * counts; in a conversation, the new messages (appended to the role="log", so a screen reader
 * reads only them) and the actions when the state changed. Nothing is re-drawn under her
 * cursor: a reply being typed stays.
 *
 * After a dropped connection or a laptop's sleep the browser reconnects with the last event id
 * it saw (Last-Event-ID), and the server replays what came meanwhile; if the browser gives up,
 * this script opens the stream again with ?after=<that id>. Without JavaScript the page works
 * with its forms and links alone. No inline script (the admin's CSP allows none).
 */
(function () {
  "use strict";

  var box = document.getElementById("inbox-live");
  if (!box || typeof window.EventSource !== "function" || typeof window.DOMParser !== "function") return;
  var url = box.getAttribute("data-events");
  var handoff = box.getAttribute("data-handoff");
  var status = document.getElementById("live-status");
  var last = box.getAttribute("data-after") || "";
  var source = null; // the EventSource (closed while the device is offline)
  var pause = 1000;
  var refreshing = false;
  var again = false;
  var LOST = "연결이 끊겼어요. 다시 연결하는 중이에요…";
  var NEW_REQUEST = "새 상담 요청이 왔어요.";

  function say(text) {
    if (status && status.textContent !== text) status.textContent = text;
  }

  function connect() {
    source = new window.EventSource(url + (last ? "?after=" + encodeURIComponent(last) : ""));
    source.addEventListener("open", function () {
      pause = 1000;
      if (status && status.textContent === LOST) say("");
      refresh(); // anything the server could not replay (a pruned event) is on the page
    });
    source.addEventListener("handoff", function (event) {
      if (event.lastEventId) last = event.lastEventId;
      var data = {};
      try {
        data = JSON.parse(event.data || "{}");
      } catch (e) {
        data = {};
      }
      if (handoff && String(data.handoff) !== handoff) return;
      if (!handoff && data.kind === "requested") say(NEW_REQUEST);
      refresh();
    });
    source.addEventListener("error", function () {
      say(LOST);
      if (source.readyState === window.EventSource.CLOSED) {
        // the browser gave up (a login page, a server away): try again, slower each time
        window.setTimeout(connect, pause);
        pause = Math.min(pause * 2, 60000);
      }
    });
  }

  function refresh() {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    fetch(window.location.pathname + window.location.search, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "text/html" },
    })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new window.DOMParser().parseFromString(html, "text/html");
        if (handoff) updateConversation(fresh);
        else updateList(fresh);
      })
      .catch(function () {
        // offline or the server away: ask again in a moment (the change must not be lost)
        window.setTimeout(refresh, 3000);
      })
      .then(function () {
        refreshing = false;
        if (again) {
          again = false;
          refresh();
        }
      });
  }

  function swap(fresh, id) {
    var now = document.getElementById(id);
    var next = fresh.getElementById(id);
    if (now && next && now.innerHTML !== next.innerHTML) now.innerHTML = next.innerHTML;
  }

  function updateList(fresh) {
    swap(fresh, "inbox-tabs");
    swap(fresh, "inbox-list");
  }

  function updateConversation(fresh) {
    var log = document.getElementById("transcript");
    var lines = fresh.querySelectorAll("#transcript [data-message]");
    Array.prototype.forEach.call(lines, function (line) {
      if (!document.getElementById(line.id)) log.appendChild(document.importNode(line, true));
    });
    var empty = document.getElementById("transcript-empty");
    if (empty && log.children.length) empty.parentNode.removeChild(empty);
    swap(fresh, "handoff-state");
    swap(fresh, "facts");
    var actions = document.getElementById("actions");
    var next = fresh.getElementById("actions");
    if (actions && next && actions.getAttribute("data-state") !== next.getAttribute("data-state")) {
      actions.setAttribute("data-state", next.getAttribute("data-state"));
      actions.innerHTML = next.innerHTML;
    }
  }

  // offline (a laptop going to sleep, a lost network): the stream is closed and opened again
  // once back, from the last event seen, so the server replays everything missed meanwhile
  window.addEventListener("offline", function () {
    if (source) source.close();
    say(LOST);
  });

  window.addEventListener("online", function () {
    if (!source || source.readyState === window.EventSource.CLOSED) {
      pause = 1000;
      connect();
    }
  });

  connect();
})();
