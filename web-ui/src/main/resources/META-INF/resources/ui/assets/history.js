// Version page: the rollback button asks for confirmation, then posts the rollback with the configuration version
// the page was rendered at as If-Match, so a change made meanwhile is reported (412) instead of overwritten.
(function () {
  "use strict";
  var forms = window.portcullisForms;
  var button = document.getElementById("rollback");
  var dialog = document.getElementById("rollback-dialog");
  if (!button || !dialog) {
    return;
  }

  button.addEventListener("click", function () {
    forms.clear(dialog);
    dialog.showModal();
  });
  dialog.querySelector("[data-close-dialog]").addEventListener("click", function () { dialog.close(); });

  document.getElementById("confirm-rollback").addEventListener("click", function () {
    var version = button.getAttribute("data-version");
    window.portcullis.fetch("/api/config/versions/" + encodeURIComponent(version) + "/rollback", {
      method: "POST",
      headers: { "If-Match": button.getAttribute("data-etag") },
    }).then(function (response) {
      if (!response.ok) {
        return forms.problemOf(response).then(function (problem) {
          var shown = problem;
          if (response.status === 412) {
            shown = { detail: "The configuration changed since this page was loaded. Reload it, check the changes, and try again." };
          }
          forms.show(dialog, shown);
        });
      }
      return response.json().then(function (result) {
        location.href = "/ui/history/" + result.version + (result.changed ? "?rolledBack=" : "?unchanged=") + version;
      });
    });
  });
})();
