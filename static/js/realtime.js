// Entraide live updates: one websocket per tab, for every page.
// Protocol and DOM contract: realtime/README.md. Plain JavaScript, no build step.
(function () {
  "use strict";

  var configElement = document.getElementById("realtime-config");
  if (!configElement || !window.WebSocket) return;
  var config = JSON.parse(configElement.textContent);
  var strings = config.strings || {};

  var HEARTBEAT_MS = 30000; // ping this often…
  var PONG_TIMEOUT_MS = 10000; // …and give up on a socket that stays silent this long
  var BACKOFF_BASE_MS = 1000;
  var BACKOFF_MAX_MS = 30000;
  var FINAL_CODES = { 4401: true, 4403: true }; // session ended / not allowed
  // 4500–4599: a service the server needs is down (4503): retry later, with backoff.
  function retryLater(code) { return code >= 4500 && code <= 4599; }
  var KNOWN_LIMIT = 200;
  var AT_TOP_PX = 80;
  var RESUMES_PER_MINUTE = 5; // the server closes with 4429 past 6

  var socket = null;
  var attempts = 0;
  var reconnectTimer = null;
  var heartbeatTimer = null;
  var pongTimer = null;
  var finalRetryDone = false;
  var after = Number(config.after) || 0;
  var known = new Set();
  var viewer = [];
  var pending = new Map(); // feed key → [elements] waiting behind the "N new posts" pill
  var resumeFrom = null; // resume from here (below `after`) next time: a "missed" activity
  var resumeInFlight = null; // the resumeFrom of the resume not yet answered
  var resumeTimer = null;
  var resumeTimes = [];

  // --- state -----------------------------------------------------------------

  function remember(id) {
    id = Number(id);
    if (!id) return;
    known.add(id);
    if (id > after) after = id;
    if (known.size > KNOWN_LIMIT * 2) {
      var sorted = Array.from(known).sort(function (a, b) { return a - b; });
      known = new Set(sorted.slice(-KNOWN_LIMIT));
    }
  }

  function scanPage(root) {
    (root || document).querySelectorAll("[data-activity-id]").forEach(function (el) {
      remember(el.getAttribute("data-activity-id"));
    });
    (root || document).querySelectorAll("[data-newest-id]").forEach(function (el) {
      var id = Number(el.getAttribute("data-newest-id"));
      if (id > after) after = id;
    });
  }

  function knownIds() {
    return Array.from(known).sort(function (a, b) { return a - b; }).slice(-KNOWN_LIMIT);
  }

  // --- status indicator --------------------------------------------------------

  function setStatus(state) {
    document.querySelectorAll("[data-realtime-status]").forEach(function (el) {
      el.setAttribute("data-state", state);
      var label = el.querySelector(".realtime-label");
      if (label && strings[state]) label.textContent = strings[state];
    });
    document.documentElement.setAttribute("data-realtime", state);
    emit("status", { state: state });
  }

  function emit(type, detail) {
    document.dispatchEvent(new CustomEvent("realtime:" + type, { detail: detail }));
  }

  function announce(text) {
    var region = document.getElementById("realtime-announcer");
    if (!region) {
      region = document.createElement("div");
      region.id = "realtime-announcer";
      region.className = "visually-hidden";
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    region.textContent = text;
  }

  // --- connection --------------------------------------------------------------

  function socketUrl() {
    var scheme = location.protocol === "https:" ? "wss:" : "ws:";
    return scheme + "//" + location.host + config.url;
  }

  function connect() {
    clearTimeout(reconnectTimer);
    if (socket && socket.readyState <= 1) return;
    setStatus(attempts ? "reconnecting" : "connecting");
    var ws = new WebSocket(socketUrl());
    var opened = false;
    socket = ws;
    ws.onopen = function () {
      opened = true;
      sendResume();
      startHeartbeat();
    };
    ws.onmessage = function (event) {
      clearTimeout(pongTimer);
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      handle(message);
    };
    ws.onclose = function (event) {
      if (socket !== ws) return;
      stopHeartbeat();
      socket = null;
      if (resumeInFlight !== null) {
        // Not answered: the next connection resumes from there again.
        resumeFrom = resumeFrom === null ? resumeInFlight : Math.min(resumeFrom, resumeInFlight);
        resumeInFlight = null;
      }
      if (retryLater(event.code)) {
        // Redis or the database is unavailable: back off, then resume fills the gap.
        scheduleReconnect();
        return;
      }
      if (FINAL_CODES[event.code] || (!opened && finalRetryDone)) {
        // The session ended (or the server refuses us). One quiet retry covers a
        // password change in this very tab (new session cookie); then stop.
        if (!finalRetryDone) {
          finalRetryDone = true;
          setStatus("reconnecting");
          reconnectTimer = setTimeout(connect, 2000 + Math.random() * 1000);
          return;
        }
        setStatus("offline");
        return;
      }
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    attempts += 1;
    // Exponential backoff with full jitter: spread a crowd reconnecting at once.
    var ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * Math.pow(2, attempts - 1));
    var delay = Math.max(250, Math.random() * ceiling);
    setStatus("reconnecting");
    reconnectTimer = setTimeout(connect, delay);
  }

  function send(message) {
    if (socket && socket.readyState === 1) socket.send(JSON.stringify(message));
  }

  // resume: everything visible after `after` (or after a missed activity) is replayed.
  function sendResume() {
    var from = resumeFrom !== null && resumeFrom < after ? resumeFrom : after;
    resumeInFlight = resumeFrom;
    resumeFrom = null;
    var now = Date.now();
    resumeTimes = resumeTimes.filter(function (t) { return now - t < 60000; }).concat([now]);
    send({ type: "resume", after: from, known: knownIds() });
  }

  // "missed": an activity was committed but could not be pushed; fetch it with a
  // resume, after a short random wait (the whole audience got the same message)
  // and never more often than the server allows.
  function scheduleResume() {
    if (resumeTimer) return;
    var now = Date.now();
    resumeTimes = resumeTimes.filter(function (t) { return now - t < 60000; });
    var wait = 250 + Math.random() * 1500;
    if (resumeTimes.length >= RESUMES_PER_MINUTE) wait = Math.max(wait, resumeTimes[0] + 60000 - now);
    resumeTimer = setTimeout(function () {
      resumeTimer = null;
      if (socket && socket.readyState === 1) sendResume(); // else the next connection resumes
    }, wait);
  }

  function startHeartbeat() {
    stopHeartbeat();
    heartbeatTimer = setInterval(function () {
      send({ type: "ping" });
      clearTimeout(pongTimer);
      pongTimer = setTimeout(function () {
        // No answer: the connection is dead even if the browser has not noticed.
        if (socket) socket.close(4000, "heartbeat timeout");
      }, PONG_TIMEOUT_MS);
    }, HEARTBEAT_MS);
  }

  function stopHeartbeat() {
    clearInterval(heartbeatTimer);
    clearTimeout(pongTimer);
  }

  // Come back at once when the device is online again or the tab is shown.
  window.addEventListener("online", function () { if (!socket) { attempts = 0; connect(); } });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && !socket && !finalRetryDone) connect();
  });

  // --- messages ------------------------------------------------------------------

  var handlers = {
    hello: function (m) {
      viewer = (m.viewer || "").split(/\s+/).filter(Boolean);
      revealControls(document);
    },
    pong: function () {},
    resumed: function (m) {
      attempts = 0;
      finalRetryDone = false;
      resumeInFlight = null;
      if (m.newest && m.newest > after) after = m.newest;
      setStatus("live");
    },
    activity: onActivity,
    comment: onComment,
    reaction: onReaction,
    notifications: onNotifications,
    "delete": onDelete,
    update: onUpdate,
    reset: function () { reloadLiveParts(); },
    missed: function (m) {
      var id = Number(m.activity);
      if (!id || known.has(id)) return;
      resumeFrom = resumeFrom === null ? id - 1 : Math.min(resumeFrom, id - 1);
      scheduleResume();
    }
  };

  function handle(message) {
    var handler = handlers[message.type];
    if (handler) handler(message);
    emit(message.type, message);
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function prepare(element) {
    revealControls(element);
    if (window.htmx) window.htmx.process(element);
    return element;
  }

  // Per-viewer controls arrive hidden with data-show-for="user:3 group-admin:7 network-admin".
  function revealControls(root) {
    if (!viewer.length || !root) return;
    var elements = root.querySelectorAll ? Array.from(root.querySelectorAll("[data-show-for]")) : [];
    if (root.matches && root.matches("[data-show-for]")) elements.push(root);
    elements.forEach(function (el) {
      var tokens = el.getAttribute("data-show-for").split(/\s+/);
      if (tokens.some(function (t) { return viewer.indexOf(t) !== -1; })) el.hidden = false;
    });
  }

  function feedKeysOf(element) {
    return (element.getAttribute("data-feeds") || "").split(/\s+/).filter(Boolean);
  }

  function feedsFor(keys) {
    return Array.from(document.querySelectorAll("[data-feed]")).filter(function (feed) {
      var accepted = feed.getAttribute("data-feed").split(/\s+/);
      return keys.some(function (key) { return accepted.indexOf(key) !== -1; });
    });
  }

  function onActivity(message) {
    var id = Number(message.id);
    var isNew = !known.has(id);
    remember(id);
    if (!isNew || !message.html) return;
    var item = fragment(message.html);
    if (!item) return;
    feedsFor(feedKeysOf(item)).forEach(function (feed) {
      if (feed.querySelector('[data-activity-id="' + id + '"]')) return;
      var oldest = lowestId(feed);
      if (oldest && id < oldest && feed.hasAttribute("data-has-more")) return; // belongs to a later page
      var copy = prepare(item.cloneNode(true));
      if (!pagedView() && readerAtTop(feed)) {
        insertInOrder(feed, copy);
      } else {
        queue(feed, copy);
      }
    });
  }

  function lowestId(feed) {
    var ids = Array.from(feed.querySelectorAll(":scope > [data-activity-id]")).map(function (el) {
      return Number(el.getAttribute("data-activity-id"));
    });
    return ids.length ? Math.min.apply(null, ids) : 0;
  }

  // An older page of a feed (?before=<id>): new items belong on the first page,
  // so they are never inserted here; the pill leads there instead.
  function pagedView() {
    return new URLSearchParams(location.search).has("before");
  }

  function firstPageUrl() {
    var url = new URL(location.href);
    url.searchParams.delete("before");
    return url.toString();
  }

  function readerAtTop(feed) {
    var top = feed.getBoundingClientRect().top;
    return window.scrollY < AT_TOP_PX || top >= -AT_TOP_PX;
  }

  function insertInOrder(feed, element) {
    var id = Number(element.getAttribute("data-activity-id"));
    var before = Array.from(feed.querySelectorAll(":scope > [data-activity-id]")).find(function (el) {
      return Number(el.getAttribute("data-activity-id")) < id;
    });
    feed.insertBefore(element, before || null);
    feed.hidden = false;
    element.classList.add("realtime-new");
    var empty = feed.parentNode && feed.parentNode.querySelector("[data-feed-empty]");
    if (empty) empty.hidden = true;
    var newest = Number(feed.getAttribute("data-newest-id")) || 0;
    if (id > newest) feed.setAttribute("data-newest-id", String(id));
  }

  function queue(feed, element) {
    var key = feed.getAttribute("data-feed");
    var list = pending.get(key) || [];
    list.push(element);
    pending.set(key, list);
    var pill = pillFor(feed);
    var count = list.length;
    pill.textContent = count === 1 ? strings.newOne : (strings.newMany || "{n}").replace("{n}", count);
    pill.hidden = false;
    announce(pill.textContent);
  }

  function pillFor(feed) {
    var key = feed.getAttribute("data-feed");
    var pill = document.querySelector('[data-new-pill="' + CSS.escape(key) + '"]');
    if (pill) return pill;
    pill = document.createElement("button");
    pill.type = "button";
    pill.className = "realtime-pill";
    pill.setAttribute("data-new-pill", key);
    pill.hidden = true;
    pill.addEventListener("click", function () {
      if (pagedView()) {
        location.assign(firstPageUrl());
        return;
      }
      (pending.get(key) || []).forEach(function (el) { insertInOrder(feed, el); });
      pending.delete(key);
      pill.hidden = true;
      feed.scrollIntoView({ behavior: "smooth", block: "start" });
      var first = feed.querySelector("[data-activity-id]");
      if (first) { first.setAttribute("tabindex", "-1"); first.focus({ preventScroll: true }); }
    });
    feed.parentNode.insertBefore(pill, feed);
    return pill;
  }

  function onComment(message) {
    var selector = message.parent
      ? '[data-replies="comment:' + message.parent + '"]'
      : '[data-comments="post:' + message.post + '"]';
    document.querySelectorAll(selector).forEach(function (list) {
      if (list.querySelector('[data-object="comment:' + message.comment + '"]')) return;
      var element = fragment(message.html || "");
      if (!element) return;
      list.appendChild(prepare(element));
      element.classList.add("realtime-new");
      var empty = list.parentNode && list.parentNode.querySelector("[data-comments-empty]");
      if (empty) empty.hidden = true;
    });
    if (message.count !== undefined) {
      setText('[data-comment-count="post:' + message.post + '"]', message.count);
    }
  }

  function onReaction(message) {
    var counts = message.counts || {};
    Object.keys(counts).forEach(function (kind) {
      setText('[data-reaction-count="' + message.target + ":" + kind + '"]', counts[kind]);
    });
    if (message.total !== undefined) setText('[data-reaction-total="' + message.target + '"]', message.total);
  }

  function onNotifications(message) {
    var unread = Number(message.unread) || 0;
    document.querySelectorAll("[data-notification-count]").forEach(function (el) {
      el.textContent = unread > 99 ? "99+" : String(unread);
      el.setAttribute("data-notification-count", String(unread));
      el.hidden = unread === 0;
    });
  }

  function onDelete(message) {
    var removed = false;
    (message.objects || []).forEach(function (key) {
      document.querySelectorAll('[data-object="' + CSS.escape(key) + '"]').forEach(function (el) {
        el.remove();
        removed = true;
      });
    });
    (message.activities || []).forEach(function (id) {
      document.querySelectorAll('[data-activity-id="' + Number(id) + '"]').forEach(function (el) {
        el.remove();
        removed = true;
      });
    });
    var counts = message.counts || {};
    Object.keys(counts).forEach(function (key) {
      setText('[data-comment-count="' + CSS.escape(key) + '"]', counts[key]);
    });
    if (removed && strings.removed) announce(strings.removed);
  }

  // An edited post or comment: replace its data-part (the variant this page
  // shows), keeping this page's reaction bars (they carry the viewer's own
  // reaction; their counts are live anyway).
  function onUpdate(message) {
    var variants = message.html || {};
    var selector = '[data-part="' + CSS.escape(message.object || "") + '"]';
    var found = Array.from(document.querySelectorAll(selector));
    pending.forEach(function (items) {  // items waiting behind a "new posts" pill
      items.forEach(function (item) { found = found.concat(Array.from(item.querySelectorAll(selector))); });
    });
    found.forEach(function (current) {
      var element = fragment(variants[current.getAttribute("data-variant") || "default"] || "");
      if (!element) return;
      element.querySelectorAll("[data-reactions]").forEach(function (bar) {
        var key = bar.getAttribute("data-reactions");
        var kept = current.querySelector('[data-reactions="' + CSS.escape(key) + '"]');
        if (kept) bar.replaceWith(kept);
      });
      current.replaceWith(prepare(element));
    });
  }

  function setText(selector, value) {
    document.querySelectorAll(selector).forEach(function (el) {
      el.textContent = String(value);
      el.setAttribute("data-count", String(value));
    });
  }

  // --- reset: reload the live parts of the page, not the page -----------------------

  function reloadLiveParts() {
    var selectors = ["[data-feed]", "[data-comments]", "[data-live-reload]"];
    fetch(location.href, { credentials: "same-origin", headers: { "X-Realtime-Reload": "1" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        selectors.forEach(function (selector) {
          document.querySelectorAll(selector).forEach(function (current) {
            var attribute = selector.slice(1, -1);
            var value = current.getAttribute(attribute);
            var replacement = fresh.querySelector("[" + attribute + '="' + CSS.escape(value) + '"]');
            if (!replacement) return;
            var adopted = document.importNode(replacement, true);
            current.replaceWith(prepare(adopted));
          });
        });
        pending.clear();
        document.querySelectorAll("[data-new-pill]").forEach(function (pill) { pill.hidden = true; });
        var freshConfig = fresh.getElementById("realtime-config");
        if (freshConfig) {
          var newest = Number(JSON.parse(freshConfig.textContent).after) || 0;
          if (newest > after) after = newest;
        }
        scanPage(document);
        emit("reloaded", {});
      })
      .catch(function () {
        // Offline or the page is gone: offer a plain reload instead.
        document.querySelectorAll("[data-feed]").forEach(function (feed) {
          var pill = pillFor(feed);
          pill.textContent = strings.reload;
          pill.hidden = false;
          pill.onclick = function () { location.reload(); };
        });
      });
  }

  // --- start -------------------------------------------------------------------------

  scanPage(document);
  window.EntraideRealtime = {
    get state() { return document.documentElement.getAttribute("data-realtime"); },
    get after() { return after; },
    reconnect: function () { if (socket) socket.close(4000, "reconnect"); else connect(); }
  };
  connect();
})();
