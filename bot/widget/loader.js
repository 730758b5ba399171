/* Safe Steps embed: <script src="https://HOST/webhooks/widget/widget.js" data-profile="ID" async></script>
 * Adds a "Get help" button and an always-visible "Exit" button to the host page, and opens
 * the chat in an iframe served by the bot, so scripts on the host page cannot read it.
 * Stores nothing on the device: no cookies and no web storage. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__safeStepsLoaded) return;
  window.__safeStepsLoaded = true;
  var base = new URL(".", script.src);
  var profile = (script.getAttribute("data-profile") || "default").toLowerCase();
  var texts = __TEXTS__;
  // data-lang="cy": the page's explicit choice of language; the frame checks it is offered.
  var lang = (script.getAttribute("data-lang") || "").toLowerCase();
  var words = texts[lang] || texts.en;
  var frameUrl = new URL("frame?profile=" + encodeURIComponent(profile) +
    (texts[lang] ? "&lang=" + encodeURIComponent(lang) : ""), base).href;
  var origin = base.origin;
  var exitUrl = script.getAttribute("data-exit-url") || __EXIT_URL__;

  var host = document.createElement("div");
  host.setAttribute("data-safe-steps", "");
  var root = host.attachShadow({ mode: "open" });
  root.innerHTML =
    "<style>" +
    ":host{all:initial}" +
    ".bar{position:fixed;inset-inline-end:16px;bottom:16px;z-index:2147483647;display:flex;gap:8px;font:16px/1.4 system-ui,sans-serif}" +
    "button{font:inherit;font-weight:600;border:2px solid #0b3d6b;border-radius:8px;padding:10px 16px;cursor:pointer;min-height:44px}" +
    ".open{background:#0b3d6b;color:#fff}.exit{background:#fff;color:#8a1020;border-color:#8a1020}" +
    "button:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}" +
    ".panel{position:fixed;inset-inline-end:16px;bottom:76px;z-index:2147483647;width:min(400px,calc(100vw - 32px));height:min(620px,calc(100vh - 100px));border:1px solid #505a5f;border-radius:12px;overflow:hidden;background:#fff;box-shadow:0 4px 24px rgba(0,0,0,.25)}" +
    ".panel[hidden]{display:none}iframe{border:0;width:100%;height:100%}" +
    "@media (max-width:480px){.panel{left:0;right:0;top:0;bottom:68px;width:auto;height:auto;border-radius:0}}" +
    "</style>" +
    '<div class="panel" hidden></div>' +
    '<div class="bar"><button class="exit" type="button"></button>' +
    '<button class="open" type="button" aria-expanded="false"></button></div>';
  var panel = root.querySelector(".panel");
  var openButton = root.querySelector(".open");
  var exitButton = root.querySelector(".exit");
  var frame = null;
  if (texts[lang]) host.setAttribute("lang", lang);
  exitButton.textContent = words.exit;
  openButton.textContent = words.launcher;

  function open() {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.title = words.frame_title;
      frame.src = frameUrl;
      frame.setAttribute("referrerpolicy", "no-referrer");
      panel.appendChild(frame);
    }
    panel.hidden = false;
    openButton.setAttribute("aria-expanded", "true");
    frame.focus();
    if (frame.contentWindow) frame.contentWindow.postMessage({ type: "safe-steps:focus" }, origin);
  }

  function close() {
    panel.hidden = true;
    openButton.setAttribute("aria-expanded", "false");
    openButton.focus();
  }

  function quickExit() {
    // Count it (the profile id only), drop the conversation from the page, then leave
    // without a history entry.
    if (navigator.sendBeacon) navigator.sendBeacon(new URL("exit?profile=" + encodeURIComponent(profile), base).href);
    if (frame) frame.remove();
    frame = null;
    host.remove();
    window.location.replace(exitUrl);
  }

  openButton.addEventListener("click", function () { panel.hidden ? open() : close(); });
  exitButton.addEventListener("click", quickExit);
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !frame || event.source !== frame.contentWindow) return;
    var type = event.data && event.data.type;
    if (type === "safe-steps:exit") quickExit();
    if (type === "safe-steps:close") close();
  });
  var shifts = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) return;
    var now = Date.now();
    shifts = shifts.filter(function (t) { return now - t < 1500; });
    shifts.push(now);
    if (shifts.length >= 3) quickExit();
  });
  (document.body || document.documentElement).appendChild(host);
})();
