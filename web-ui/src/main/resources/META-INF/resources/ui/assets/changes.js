// Changes to approve: each button calls the pinning API, then the page reloads to show what is left.
(function () {
  "use strict";
  var error = document.getElementById("changes-error");

  function post(url, button) {
    button.disabled = true;
    window.portcullis.fetch(url, { method: "POST" }).then(function (response) {
      if (response.ok) {
        window.portcullis.toast("Approved");
        window.location.reload();
        return;
      }
      return response.json().catch(function () { return {}; }).then(function (problem) {
        error.textContent = problem.detail || ("The approval failed (HTTP " + response.status + ").");
        error.hidden = false;
        button.disabled = false;
      });
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-approve], button[data-approve-current]");
    if (!button) {
      return;
    }
    if (button.hasAttribute("data-approve")) {
      post(button.getAttribute("data-approve"), button);
    } else if (window.confirm(button.getAttribute("data-confirm-text"))) {
      post(button.getAttribute("data-approve-current"), button);
    }
  });
})();
