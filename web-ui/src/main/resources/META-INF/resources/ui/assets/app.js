// Dashboard behaviour shared by every page. Loaded with defer after htmx.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute("content") : "";

  // Every htmx request carries the session's CSRF token; the control plane refuses state changes without it.
  document.body.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrf;
  });

  // Copy buttons: <button data-copy="text">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) {
      return;
    }
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
      var label = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = label; }, 1500);
    });
  });

  // For page scripts: fetch() with the CSRF header and JSON.
  window.portcullis = {
    csrfToken: csrf,
    fetch: function (url, options) {
      options = options || {};
      options.headers = Object.assign({ "X-CSRF-Token": csrf, "Accept": "application/json" }, options.headers || {});
      options.credentials = "same-origin";
      return fetch(url, options);
    }
  };
})();
