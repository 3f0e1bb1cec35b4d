// Dashboard behaviour shared by every page. Loaded with defer after htmx.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute("content") : "";

  // Every htmx request carries the session's CSRF token; the control plane refuses state changes without it.
  document.body.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrf;
  });

  // Copy buttons: <button data-copy="text">. The result is announced, not only drawn on the button.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) {
      return;
    }
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
      var label = button.innerHTML;
      button.textContent = "Copied";
      announce("Copied to the clipboard.");
      setTimeout(function () { button.innerHTML = label; }, 1500);
    });
  });

  // Screen readers hear what a toast says through this polite live region (in the layout).
  function announce(text) {
    var region = document.getElementById("announcer");
    if (!region) {
      return;
    }
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 50);
  }

  // A toast near the top of the viewport, where the user is looking whatever the scroll position; it is
  // announced, and an error stays until dismissed.
  function toast(text, kind) {
    var stack = document.getElementById("toasts");
    if (!stack) {
      return;
    }
    var item = document.createElement("div");
    item.className = "toast" + (kind === "error" ? " toast-error" : "");
    item.setAttribute("data-testid", "toast");
    item.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "toast-close";
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "\u00d7";
    close.addEventListener("click", function () { item.remove(); });
    item.appendChild(close);
    stack.appendChild(item);
    announce(text);
    if (kind !== "error") {
      setTimeout(function () { item.remove(); }, 6000);
    }
  }

  // <time datetime="ISO"> in the admin's local time zone, human format; the UTC instant stays in the tooltip.
  var FORMAT = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric",
    hour: "2-digit", minute: "2-digit", second: "2-digit" });
  function localTimes(root) {
    (root || document).querySelectorAll("time[datetime]:not([data-local])").forEach(function (node) {
      var date = new Date(node.getAttribute("datetime"));
      if (isNaN(date.getTime())) {
        return;
      }
      node.textContent = FORMAT.format(date);
      node.title = date.toISOString().replace(/\.\d+Z$/, "Z").replace("T", " ").replace("Z", " UTC");
      node.setAttribute("data-local", "");
    });
  }
  localTimes(document);
  document.body.addEventListener("htmx:afterSwap", function () { localTimes(document); });

  // A dialog marked data-confirm-close asks before Escape closes it (it holds something lost on close). Escape is
  // caught on keydown: Chromium lets a page cancel the dialog's own "cancel" event only once per user activation.
  function confirmClose(dialog, event) {
    event.preventDefault();
    if (window.confirm(dialog.getAttribute("data-confirm-close"))) {
      dialog.close();
    }
  }
  document.addEventListener("keydown", function (event) {
    var dialog = event.key === "Escape" && event.target.closest && event.target.closest("dialog[open][data-confirm-close]");
    if (dialog) {
      confirmClose(dialog, event);
    }
  }, true);
  document.addEventListener("cancel", function (event) {
    if (event.target.tagName === "DIALOG" && event.target.hasAttribute("data-confirm-close")) {
      confirmClose(event.target, event);
    }
  }, true);

  // <form data-confirm="question"> asks before it is sent (deleting a user).
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // An element with attributes ("text" sets its text) and children (null ones skipped), for page scripts.
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") { node.textContent = attrs[name]; } else { node.setAttribute(name, attrs[name]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  // For page scripts: fetch() with the CSRF header and JSON.
  window.portcullis = {
    el: el,
    csrfToken: csrf,
    toast: toast,
    announce: announce,
    localTimes: localTimes,
    formatTime: function (iso) { var d = new Date(iso); return isNaN(d.getTime()) ? String(iso) : FORMAT.format(d); },
    fetch: function (url, options) {
      options = options || {};
      options.headers = Object.assign({ "X-CSRF-Token": csrf, "Accept": "application/json" }, options.headers || {});
      options.credentials = "same-origin";
      return fetch(url, options);
    }
  };
})();
