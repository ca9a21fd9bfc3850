/* ilteo web chat: sends what the user types or presses to POST /api/chat and draws the answer.
 *
 * The server owns the conversation (the user is identified by its cookie); this page only
 * renders. Everything in a reply is untrusted text: it goes in with textContent, never as HTML.
 * The page's own words come in her language: first in #chat-ui, then with every answer
 * ({"language": "vi", "ui": {...}}), so they follow her when she changes language.
 *
 * For screen readers and keyboards: new messages arrive in the role="log" (read politely);
 * "sending", errors and the connection state in the one role="status" line; buttons of a
 * question she has answered are disabled, and after an answer focus goes to its first new
 * button (when she pressed one) or back to the text box. The help bar ("Main menu", "Talk to a
 * counsellor") sends the engine's own button data, so it works at every step.
 */
(function () {
  "use strict";

  var API_URL = "api/chat"; // relative, like the page's other assets
  var RESUME = "sys:resume";
  var DEEP_LINK = /^(bk:v:\d{1,9}|bk:list)$/;
  var LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/;
  var FORGET_URL = "api/chat/forget";
  var UI_KEYS = ["bot_name", "message_label", "placeholder", "send", "connection_error",
    "sending", "offline", "larger_text", "help_label", "start_over", "ask_person", "conversation",
    "composer", "forget_device", "forget_confirm", "new_window", "counsellor"];
  var REQUEST_TIMEOUT_MS = 20000;
  var TRANSCRIPT_KEY = "ilteo.web.transcript.v1";
  var UI_KEY = "ilteo.web.ui.v1";
  var TRANSCRIPT_LIMIT = 150;
  var EVENTS_URL = "api/chat/events"; // a counsellor's messages, live (server-sent events)
  var LAST_EVENT_KEY = "ilteo.web.lastEvent.v1";
  var EVENT_ID = /^\d{1,18}$/;

  var log = document.getElementById("chat-log");
  var form = document.getElementById("composer");
  var input = document.getElementById("composer-input");
  var sendButton = document.getElementById("composer-send");
  var inputLabel = document.getElementById("composer-label");
  var title = document.getElementById("chat-title");
  var status = document.getElementById("chat-status");
  var helpBar = document.getElementById("help-bar");
  var forgetButton = document.getElementById("forget-device");
  // Elements showing one of the page's words: id -> key of `ui`.
  var WORDED = { "chat-heading": "conversation", "text-size": "larger_text",
    "go-home": "start_over", "ask-person": "ask_person", "forget-device": "forget_device",
    "new-window-note": "new_window" };

  var busy = false;
  var composing = false; // a Korean IME syllable is still being composed
  var submitAfterComposition = false;
  var typingRow = null;
  var transcript = [];
  var ui = {}; // the page's words in her language (see applyUi)
  var stream = null; // the live stream of a counsellor's messages
  var streamPause = 2000;

  // ---- small helpers ----

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function str(value) {
    return typeof value === "string" ? value : "";
  }

  function list(value) {
    return Array.isArray(value) ? value : [];
  }

  /** An absolute http(s) URL, or null: a reply must not smuggle in javascript: links. */
  function safeUrl(url) {
    if (typeof url !== "string" || !url) return null;
    try {
      var parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function externalLink(className, href, text) {
    var link = el("a", className, text);
    link.href = href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.setAttribute("aria-describedby", "new-window-note"); // "opens in a new window"
    return link;
  }

  // ---- the page's own words, in her language ----

  function readJson(text) {
    try {
      return JSON.parse(text || "null");
    } catch (e) {
      return null;
    }
  }

  /** Takes the page's words and language from the server; unknown or empty values are ignored. */
  function applyUi(words, language) {
    if (words && typeof words === "object") {
      UI_KEYS.forEach(function (key) {
        if (str(words[key])) ui[key] = words[key];
      });
    }
    if (typeof language === "string" && LANGUAGE_TAG.test(language)) {
      document.documentElement.lang = language;
    }
    if (str(ui.bot_name)) {
      document.title = ui.bot_name;
      title.textContent = ui.bot_name;
    }
    if (str(ui.message_label)) inputLabel.textContent = ui.message_label;
    if (str(ui.placeholder)) input.placeholder = ui.placeholder;
    if (str(ui.send)) sendButton.textContent = ui.send;
    if (str(ui.help_label)) helpBar.setAttribute("aria-label", ui.help_label);
    if (str(ui.composer)) form.setAttribute("aria-label", ui.composer);
    Object.keys(WORDED).forEach(function (id) {
      var node = document.getElementById(id);
      if (node && str(ui[WORDED[id]])) node.textContent = ui[WORDED[id]];
    });
  }

  /** Keeps her language for this tab, so a page the Back button takes from the cache follows it. */
  function rememberUi(words, language) {
    try {
      window.sessionStorage.setItem(UI_KEY, JSON.stringify({ ui: words, language: language }));
    } catch (e) {
      // storage blocked: the next answer brings the words again
    }
  }

  function restoreUi() {
    var node = document.getElementById("chat-ui");
    applyUi(readJson(node ? node.textContent : null), null);
    var saved = null;
    try {
      saved = readJson(window.sessionStorage.getItem(UI_KEY));
    } catch (e) {
      saved = null;
    }
    if (saved && typeof saved === "object") applyUi(saved.ui, saved.language);
  }

  /** The bot's avatar: the first letter of its name ("일", "I"). */
  function avatarLetter() {
    return Array.from(str(ui.bot_name))[0] || "";
  }

  // ---- drawing ----

  function lastRowIs(who) {
    var last = log.lastElementChild;
    return !!last && last.getAttribute("data-from") === who && last !== typingRow;
  }

  /** A row of the bot's, or (`who` "counsellor") of a counsellor's, with its name first. */
  function botRow(extraClass, who) {
    who = who || "bot";
    var name = who === "counsellor" ? str(ui.counsellor) : str(ui.bot_name);
    var first = !lastRowIs(who);
    var kind = who === "counsellor" ? " msg--counsellor" : "";
    var row = el("div", "msg msg--bot" + kind + (first ? " msg--group-start" : "") + (extraClass || ""));
    row.setAttribute("data-from", who);
    var letter = Array.from(name)[0] || avatarLetter();
    var avatar = el("div", "msg__avatar" + (first ? "" : " msg__avatar--spacer"), letter);
    avatar.setAttribute("aria-hidden", "true");
    row.appendChild(avatar);
    var body = el("div", "msg__body");
    if (first) body.appendChild(el("div", "msg__name", name));
    row.appendChild(body);
    return { row: row, body: body };
  }

  function renderChoices(rows) {
    var box = el("div", "choices");
    list(rows).forEach(function (buttons) {
      var rowBox = el("div", "choices__row");
      list(buttons).forEach(function (button) {
        if (!button || typeof button !== "object") return;
        var label = str(button.label);
        if (typeof button.data === "string" && button.data) {
          var b = el("button", "choice", label);
          b.type = "button";
          b.setAttribute("data-data", button.data);
          rowBox.appendChild(b);
        } else {
          var href = safeUrl(button.url);
          if (href) rowBox.appendChild(externalLink("choice choice--link", href, label));
        }
      });
      if (rowBox.childElementCount) box.appendChild(rowBox);
    });
    return box.childElementCount ? box : null;
  }

  function renderCard(card) {
    var box = el("div", "card");
    box.setAttribute("data-testid", "card");
    if (str(card.title)) box.appendChild(el("p", "card__title", card.title));
    if (str(card.description)) box.appendChild(el("p", "card__desc", card.description));
    var choices = renderChoices(card.buttons);
    if (choices) box.appendChild(choices);
    return box;
  }

  /** "📍 text" as a link (or plain when there is no safe href); the icon is not read aloud. */
  function iconLine(icon, text, href) {
    var line = href ? externalLink("bubble__extra", href) : el("span", "bubble__extra");
    var mark = el("span", "bubble__icon", icon);
    mark.setAttribute("aria-hidden", "true");
    line.appendChild(mark);
    line.appendChild(document.createTextNode(" " + text));
    return line;
  }

  function renderLocation(location) {
    var title = str(location.title);
    var address = str(location.address);
    var text = title + (title && address ? " — " : "") + address;
    return iconLine("📍", text, safeUrl(location.map_url));
  }

  function renderAttachment(attachment) {
    var filename = str(attachment.filename);
    var line = iconLine("📎", filename, safeUrl(attachment.url));
    if (line.tagName === "A") line.setAttribute("download", filename);
    return line;
  }

  /** Draws one bot message; returns its row. */
  function renderBot(message) {
    var parts = botRow("", message.counsellor === true ? "counsellor" : "bot");
    var bubble = el("div", "bubble");
    var text = str(message.text);
    if (text) bubble.appendChild(document.createTextNode(text));
    if (message.location && typeof message.location === "object") {
      bubble.appendChild(renderLocation(message.location));
    }
    if (message.attachment && typeof message.attachment === "object") {
      bubble.appendChild(renderAttachment(message.attachment));
    }
    if (bubble.childNodes.length) parts.body.appendChild(bubble);

    var cards = list(message.cards).filter(function (c) {
      return c && typeof c === "object";
    });
    if (cards.length) {
      var cardBox = el("div", "cards");
      cards.forEach(function (card) {
        cardBox.appendChild(renderCard(card));
      });
      parts.body.appendChild(cardBox);
    }

    var choices = renderChoices(message.buttons);
    if (choices) parts.body.appendChild(choices);
    log.appendChild(parts.row);
    return parts.row;
  }

  function renderUser(text) {
    var row = el("div", "msg msg--user" + (lastRowIsUser() ? "" : " msg--group-start"));
    row.setAttribute("data-from", "user");
    row.appendChild(el("div", "bubble", text));
    log.appendChild(row);
    return row;
  }

  function lastRowIsUser() {
    return lastRowIs("user");
  }

  /** A line from the page in the log, for the eye; the status line says it aloud, once. */
  function renderNotice(text) {
    var row = el("div", "notice");
    row.setAttribute("data-from", "system");
    row.setAttribute("aria-hidden", "true");
    row.appendChild(el("p", "notice__text", text));
    log.appendChild(row);
    return row;
  }

  function showTyping() {
    if (typingRow) return;
    var parts = botRow(" msg--typing");
    parts.row.setAttribute("aria-hidden", "true"); // nothing to announce yet
    parts.row.setAttribute("data-testid", "typing");
    parts.row.setAttribute("data-from", "typing");
    parts.body.appendChild(el("div", "bubble", "…"));
    typingRow = parts.row;
    log.appendChild(typingRow);
    scrollTo(typingRow);
  }

  function hideTyping() {
    if (typingRow && typingRow.parentNode) typingRow.parentNode.removeChild(typingRow);
    typingRow = null;
  }

  /** Shows the newest message; when a long one does not fit, shows its beginning instead.
   * The log scrolls by itself, or (with larger text, or on a short screen) the whole page does
   * and the text box stays docked at the bottom (see chat.css). */
  function scrollTo(firstNew) {
    if (window.getComputedStyle(log).overflowY === "visible") {
      var page = document.scrollingElement || document.documentElement;
      var end = page.scrollHeight - window.innerHeight;
      var at = firstNew ? firstNew.getBoundingClientRect().top + window.pageYOffset - 8 : end;
      window.scrollTo(0, Math.max(0, Math.min(end, at)));
      return;
    }
    var bottom = log.scrollHeight - log.clientHeight;
    var top = firstNew ? firstNew.offsetTop - 8 : bottom;
    log.scrollTop = Math.max(0, Math.min(bottom, top));
  }

  // ---- the transcript kept for a reload (the server stays the source of truth) ----

  function remember(entry) {
    transcript.push(entry);
    if (transcript.length > TRANSCRIPT_LIMIT) transcript.splice(0, transcript.length - TRANSCRIPT_LIMIT);
    try {
      window.sessionStorage.setItem(TRANSCRIPT_KEY, JSON.stringify(transcript));
    } catch (e) {
      // storage full or blocked (e.g. in an embedding iframe): only the redraw is lost
    }
  }

  function restoreTranscript() {
    var saved = [];
    try {
      saved = JSON.parse(window.sessionStorage.getItem(TRANSCRIPT_KEY) || "[]");
    } catch (e) {
      saved = [];
    }
    list(saved).forEach(function (entry) {
      if (!entry || typeof entry !== "object") return;
      if (entry.from === "user" && str(entry.text)) {
        renderUser(entry.text);
        transcript.push(entry);
      } else if (entry.from === "bot" && entry.message && typeof entry.message === "object") {
        renderBot(entry.message);
        transcript.push(entry);
      }
    });
    scrollTo(null);
  }

  // ---- talking to the server ----

  function post(payload, url) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller
      ? setTimeout(function () {
          controller.abort();
        }, REQUEST_TIMEOUT_MS)
      : null;
    return fetch(url || API_URL, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(payload),
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        // 429 brings a line in her language; 400, 413, 5xx and the rest read as "try again"
        if (response.status === 429) {
          return response.json().then(function (body) {
            var error = new Error("HTTP 429");
            error.notice = body && str(body.message);
            throw error;
          });
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (body) {
        if (!body || !Array.isArray(body.messages)) throw new Error("unexpected reply");
        return body;
      })
      .finally(function () {
        if (timer) clearTimeout(timer);
      });
  }

  function setBusy(value) {
    busy = value;
    input.disabled = value;
    sendButton.disabled = value;
    log.setAttribute("aria-busy", value ? "true" : "false");
    setStatus(value ? ui.sending : "");
  }

  /** The one status line: "sending…", an error, or the connection state; "" empties it. */
  function setStatus(text) {
    if (status.textContent !== str(text)) status.textContent = str(text);
  }

  /** Buttons of questions already answered: disabled, so no one takes them for the current ones
   * (links, such as a map or a calendar file, keep working). */
  function markEarlier() {
    Array.prototype.forEach.call(log.querySelectorAll("button[data-data]"), function (b) {
      b.disabled = true;
      b.classList.add("choice--earlier");
    });
  }

  /** After an answer: its first new button when she pressed one, else the text box. */
  function focusAfter(rows, pressed) {
    var next = null;
    if (pressed) {
      rows.some(function (row) {
        next = row.querySelector("button[data-data]:not([disabled])");
        return !!next;
      });
    }
    (next || input).focus();
  }

  /**
   * Sends one payload. `echo` is what appears as the user's bubble (nothing for sys:resume).
   * Resolves to true when the server answered.
   */
  function send(payload, echo, options) {
    if (busy) return Promise.resolve(false);
    options = options || {};
    setBusy(true);
    if (echo) {
      renderUser(echo);
      remember({ from: "user", text: echo });
    }
    showTyping();
    var notice = ""; // what went wrong, in her language
    return post(payload)
      .then(function (body) {
        hideTyping();
        if (body.ui && typeof body.ui === "object") {
          applyUi(body.ui, body.language);
          rememberUi(body.ui, body.language);
        }
        var rows = [];
        if (body.messages.length) markEarlier();
        body.messages.forEach(function (message) {
          if (!message || typeof message !== "object") return;
          rows.push(renderBot(message));
          remember({ from: "bot", message: message });
        });
        scrollTo(rows[0] || null);
        return rows;
      })
      .catch(function (error) {
        hideTyping();
        notice = (error && error.notice) || ui.connection_error;
        scrollTo(renderNotice(notice));
        return null;
      })
      .then(function (rows) {
        setBusy(false);
        if (!rows) setStatus(notice);
        else listen(); // she has her cookie now
        if (!rows && options.restoreText && !input.value) input.value = options.restoreText;
        // on an error a pressed button keeps its focus (it is still current), typing its text box
        if (rows && (options.refocus || options.pressed)) focusAfter(rows, !!options.pressed);
        else if (options.refocus) input.focus();
        return !!rows;
      });
  }

  function sendTyped() {
    var text = input.value.trim();
    if (!text || busy) return;
    input.value = "";
    send({ text: text }, text, { refocus: true, restoreText: text });
  }

  // ---- a counsellor's messages, live ----

  function lastEvent() {
    try {
      return window.sessionStorage.getItem(LAST_EVENT_KEY) || "";
    } catch (e) {
      return "";
    }
  }

  function keepLastEvent(id) {
    if (!EVENT_ID.test(id || "")) return;
    try {
      window.sessionStorage.setItem(LAST_EVENT_KEY, id);
    } catch (e) {
      // storage blocked: a reload shows only what comes next (the chat shows the rest)
    }
  }

  /** Opens the stream once she has her cookie (after the first answer); the browser reconnects
   * by itself with the last id it saw, and when it gives up this tries again, slower each time. */
  function listen() {
    if (typeof window.EventSource !== "function") return;
    if (stream && stream.readyState !== window.EventSource.CLOSED) return;
    var after = lastEvent();
    stream = new window.EventSource(EVENTS_URL + (after ? "?after=" + encodeURIComponent(after) : ""));
    stream.addEventListener("open", function () {
      streamPause = 2000;
    });
    stream.addEventListener("message", showLive(true));
    stream.addEventListener("closed", showLive(false)); // why the talk ended: the bot says it
    stream.addEventListener("error", function () {
      if (!stream || stream.readyState !== window.EventSource.CLOSED) return;
      var wait = streamPause;
      streamPause = Math.min(streamPause * 2, 60000);
      window.setTimeout(listen, wait);
    });
  }

  /** A listener that shows a live event: the counsellor's text, or the bot's whole message
   * (its text and buttons, drawn as any answer is). */
  function showLive(counsellor) {
    return function (event) {
      keepLastEvent(event.lastEventId);
      var data = readJson(event.data);
      if (!data || typeof data !== "object" || !str(data.text)) return;
      var message = counsellor ? { text: data.text, counsellor: true } : data;
      var row = renderBot(message);
      remember({ from: "bot", message: message });
      scrollTo(row);
    };
  }

  function stopListening() {
    if (stream) stream.close();
    stream = null;
    try {
      window.sessionStorage.removeItem(LAST_EVENT_KEY);
    } catch (e) {
      // nothing was kept
    }
  }

  // ---- wiring ----

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    // Enter pressed mid-syllable: wait for the IME to commit, or the last syllable is lost
    if (composing) {
      submitAfterComposition = true;
      return;
    }
    sendTyped();
  });

  input.addEventListener("compositionstart", function () {
    composing = true;
  });

  input.addEventListener("compositionend", function () {
    composing = false;
    if (submitAfterComposition) {
      submitAfterComposition = false;
      setTimeout(sendTyped, 0);
    }
  });

  input.addEventListener("blur", function () {
    composing = false; // never stay stuck if an IME ends without a compositionend
  });

  // One listener for the log's buttons and one for the help bar; earlier buttons are disabled.
  function onPress(event) {
    var target = event.target instanceof Element ? event.target.closest("button[data-data]") : null;
    if (!target || !event.currentTarget.contains(target) || target.disabled || busy) return;
    send({ data: target.getAttribute("data-data") }, target.textContent, { pressed: true });
  }

  log.addEventListener("click", onPress);
  helpBar.addEventListener("click", onPress);

  window.addEventListener("offline", function () {
    setStatus(ui.offline);
    if (stream) stream.close(); // opened again once online, from the last message she got
  });

  window.addEventListener("online", function () {
    if (status.textContent === ui.offline) setStatus("");
    if (stream) {
      streamPause = 2000;
      listen();
    }
  });

  /** "End the chat on this device": the server forgets the cookie, the page its transcript. */
  function forgetDevice() {
    if (busy || !window.confirm(str(ui.forget_confirm) || str(ui.forget_device))) return;
    setBusy(true);
    stopListening();
    post({}, FORGET_URL)
      .then(function (body) {
        transcript = [];
        try {
          window.sessionStorage.removeItem(TRANSCRIPT_KEY);
          window.sessionStorage.removeItem(UI_KEY);
        } catch (e) {
          // storage blocked: nothing was kept
        }
        while (log.firstChild) log.removeChild(log.firstChild);
        var rows = [];
        body.messages.forEach(function (message) {
          if (message && typeof message === "object") rows.push(renderBot(message));
        });
        return rows;
      })
      .catch(function (error) {
        var notice = (error && error.notice) || ui.connection_error;
        scrollTo(renderNotice(notice));
        return notice;
      })
      .then(function (rows) {
        setBusy(false);
        if (typeof rows === "string") setStatus(rows);
        else focusAfter(rows, true); // its first button, or the text box
      });
  }

  if (forgetButton) forgetButton.addEventListener("click", forgetDevice);

  /** A shared link or QR poster (`/?do=bk:v:12`) opens that step once; otherwise resume. */
  function openingPayload() {
    var wanted = new URLSearchParams(window.location.search).get("do");
    if (!wanted || !DEEP_LINK.test(wanted)) return { data: RESUME };
    window.history.replaceState(null, "", window.location.pathname);
    return { data: wanted };
  }

  restoreUi();
  restoreTranscript();
  markEarlier(); // what a reload redraws was answered; the server asks the current step again
  send(openingPayload(), null, {});
})();
