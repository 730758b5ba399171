/* Safe Steps chat frame. Text is only ever inserted with textContent; links are built as
 * elements and only https:, tel: and sms: addresses are allowed. The conversation lives in
 * this page's memory with a random id per page load: no cookies, no storage. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("safe-steps-config").textContent);
  // The language: the page's data-lang or the user's switch (explicit, sent with each
  // message), else the profile's default (not sent: the bot knows it).
  var lang = config.lang, explicit = config.explicit, text = config.texts[lang];
  var sender = "w-" + (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2)).replace(/[^A-Za-z0-9-]/g, "");
  var $ = function (id) { return document.getElementById(id); };
  var log = $("log"), input = $("message"), form = $("form"), typing = $("typing"), offline = $("offline");
  var lastMessage = null, busy = false, started = false, recovering = null, wasOffline = false;
  var REPLY_TIMEOUT_MS = 25000, RETRY_EVERY_MS = 3000;
  // Country and age the user tapped, kept in memory only, re-sent once after a restart.
  var facts = {}, FACT_PAYLOAD = /^\/inform_(?:country|age)(\{.*\})$/;
  var SAFE_SCHEMES = ["https:", "tel:", "sms:"];

  $("title").textContent = config.title;
  if (config.logo) {
    $("logo").src = "logo?profile=" + encodeURIComponent(config.profile);
    $("logo").hidden = false;
  }
  function applyLanguage(code) {
    lang = code;
    text = config.texts[code];
    var chosen = config.languages.filter(function (l) { return l.code === code; })[0];
    document.documentElement.lang = code;
    document.documentElement.dir = chosen ? chosen.dir : "ltr";
    $("notice-title").textContent = text.about;
    $("notice-text").textContent = text.notice;
    $("privacy-title").textContent = text.privacy_title;
    $("privacy-text").textContent = text.privacy;
    $("typing-text").textContent = text.typing;
    $("offline-title").textContent = text.offline_title;
    $("offline-text").textContent = text.offline;
    $("retry").textContent = text.retry;
    $("message-label").textContent = text.input_label;
    $("send").textContent = text.send;
    $("exit").textContent = text.exit;
    $("close").textContent = text.close;
    $("close").setAttribute("aria-label", text.close_label);
    $("lang-label").textContent = text.language;
    log.setAttribute("aria-label", text.conversation);
    $("offline-lines").textContent = "";
    config.help_lines[code].forEach(function (line) {
      var item = document.createElement("li");
      appendLinked(item, line);
      $("offline-lines").appendChild(item);
    });
    $("lang").value = code;
  }
  // The language switch: each language named in itself.
  config.languages.forEach(function (l) {
    var option = document.createElement("option");
    option.value = l.code;
    option.lang = l.code;
    option.textContent = l.name;
    $("lang").appendChild(option);
  });
  if (config.languages.length < 2) $("lang").hidden = true;
  $("lang").addEventListener("change", function () { choose($("lang").value); });

  function safeHref(href) {
    try {
      var url = new URL(href);
      return SAFE_SCHEMES.indexOf(url.protocol) >= 0 ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  // Split text into plain runs and links: https addresses, and the registry's numbers.
  function appendLinked(parent, value) {
    var patterns = config.links.map(function (link) { return link.match.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    patterns.unshift("https://[^\\s<>\"]+[^\\s<>\".,)]");
    var pattern = new RegExp(patterns.join("|"), "g");
    var last = 0, match;
    while ((match = pattern.exec(value)) !== null) {
      parent.appendChild(document.createTextNode(value.slice(last, match.index)));
      var found = match[0];
      var link = config.links.filter(function (l) { return l.match === found; })[0];
      var href = safeHref(link ? link.href : found);
      if (href) {
        var a = document.createElement("a");
        a.href = href;
        a.textContent = found;
        if (href.indexOf("https:") === 0) { a.target = "_blank"; a.rel = "noopener noreferrer"; }
        parent.appendChild(a);
      } else {
        parent.appendChild(document.createTextNode(found));
      }
      last = match.index + found.length;
    }
    parent.appendChild(document.createTextNode(value.slice(last)));
  }

  function addBubble(who, value, code) {
    var bubble = document.createElement("div");
    bubble.className = "msg " + who;
    bubble.lang = code || lang;
    var label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = who === "bot" ? text.bot_name + ": " : text.you + ": ";
    bubble.appendChild(label);
    value.split("\n").forEach(function (line, index) {
      if (index) bubble.appendChild(document.createElement("br"));
      appendLinked(bubble, line);
    });
    log.appendChild(bubble);
    bubble.scrollIntoView({ block: "end" });
    return bubble;
  }

  function addButtons(buttons, code) {
    var group = document.createElement("div");
    group.className = "choices";
    group.lang = code || lang;
    buttons.forEach(function (b) {
      if (b.url) {
        var href = safeHref(b.url);
        if (!href) return;
        var a = document.createElement("a");
        a.className = "choice link";
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        a.textContent = b.title;
        group.appendChild(a);
      } else if (b.payload) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "choice";
        button.textContent = b.title;
        // The language hint: the question is asked in its own language, and says so.
        if (b.lang) button.lang = b.lang;
        button.addEventListener("click", function () {
          if (b.lang && config.texts[b.lang]) choose(b.lang, b.payload, b.title);
          else send(b.payload, b.title);
        });
        group.appendChild(button);
      }
    });
    if (group.childNodes.length) log.appendChild(group);
  }

  function setBusy(value) {
    busy = value;
    typing.hidden = !value;
    $("send").disabled = value;
  }

  function showOffline(show) {
    offline.hidden = !show;
    if (show) $("retry").focus();
  }

  function remember(message) {
    var match = FACT_PAYLOAD.exec(message);
    if (!match) return;
    try {
      var chosen = JSON.parse(match[1]);
      ["country", "age_band"].forEach(function (key) {
        if (typeof chosen[key] === "string") facts[key] = chosen[key];
      });
    } catch (e) { /* not a fact payload */ }
  }

  function body(message, replay) {
    var request = { sender: sender, message: message, profile: config.profile };
    if (replay && Object.keys(facts).length) request.facts = facts;
    if (explicit) request.lang = lang;
    return request;
  }

  // An explicit choice (the switch or the hint): from now on every message says it.
  function choose(code, payload, shown) {
    if (busy || !config.texts[code]) {
      $("lang").value = lang;
      return;
    }
    explicit = true;
    applyLanguage(code);
    send(payload || "/greet", shown || null);
  }

  function send(message, shown, replay) {
    if (busy || !message) return;
    remember(message);
    lastMessage = { message: message, shown: shown };
    if (shown) addBubble("user", shown);
    setBusy(true);
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, REPLY_TIMEOUT_MS);
    fetch(config.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "omit",
      cache: "no-store",
      signal: controller.signal,
      body: JSON.stringify(body(message, replay))
    }).then(function (response) {
      clearTimeout(timer);
      if (!response.ok) throw new Error("status " + response.status);
      return response.json();
    }).then(function (replies) {
      if (!Array.isArray(replies) || !replies.length) throw new Error("no reply");
      showOffline(false);
      if (wasOffline) {
        wasOffline = false;
        addBubble("bot", text.back_online);
      }
      replies.forEach(function (reply) {
        var code = typeof reply.lang === "string" ? reply.lang : lang;
        if (typeof reply.text === "string") addBubble("bot", reply.text, code);
        if (Array.isArray(reply.buttons) && reply.buttons.length) addButtons(reply.buttons, code);
      });
      log.scrollTop = log.scrollHeight;
      lastMessage = null;
    }).catch(function () {
      clearTimeout(timer);
      showOffline(true);
      waitForServer();
    }).then(function () {
      setBusy(false);
      if (offline.hidden) input.focus();
    });
  }

  // While offline, ask the server every few seconds; when it answers, send the last message again.
  function waitForServer() {
    wasOffline = true;
    if (recovering) return;
    recovering = setInterval(function () {
      fetch("./", { cache: "no-store", credentials: "omit" }).then(function (response) {
        if (!response.ok || busy) return;
        clearInterval(recovering);
        recovering = null;
        if (lastMessage) {
          send(lastMessage.message, null, true);
        } else {
          showOffline(false);
        }
      }).catch(function () {});
    }, RETRY_EVERY_MS);
  }

  function quickExit() {
    log.textContent = "";
    if (window.parent !== window) {
      window.parent.postMessage({ type: "safe-steps:exit" }, "*");  // the loader counts it
    } else {
      if (navigator.sendBeacon) navigator.sendBeacon("exit?profile=" + encodeURIComponent(config.profile));
      window.location.replace(config.exit_url);
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var value = input.value.trim();
    if (!value || busy) return;  // keep the text until the last reply has arrived
    input.value = "";
    send(value, value);
  });
  $("retry").addEventListener("click", function () {
    if (lastMessage) {
      var retry = lastMessage;
      busy = false;
      send(retry.message, null, true);
    } else {
      showOffline(false);
    }
  });
  $("exit").addEventListener("click", quickExit);
  $("close").addEventListener("click", function () {
    window.parent.postMessage({ type: "safe-steps:close" }, "*");
  });
  var shifts = [];
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && window.parent !== window) {
      window.parent.postMessage({ type: "safe-steps:close" }, "*");
    }
    if (event.key !== "Shift" || event.repeat) return;
    var now = Date.now();
    shifts = shifts.filter(function (t) { return now - t < 1500; });
    shifts.push(now);
    if (shifts.length >= 3) quickExit();
  });
  window.addEventListener("message", function (event) {
    if (event.source === window.parent && event.data && event.data.type === "safe-steps:focus") input.focus();
  });

  applyLanguage(lang);

  function start() {
    if (started) return;
    started = true;
    send("/greet", null);
  }
  start();
  input.focus();
})();
