// Searchable multi-picker for every <select multiple> of the dashboard. The native select stays in the form
// (hidden) and holds the value, so page scripts read and set option.selected as before; after setting options
// they dispatch "change" on the select (or reset its form) and the picker redraws.
// Keyboard: type to filter, ArrowUp/ArrowDown to move, Enter toggles, Escape closes the list,
// Backspace in an empty search removes the last pick.
(function () {
  "use strict";
  var count = 0;

  function enhance(select) {
    var n = ++count;
    var label = document.querySelector("label[for='" + select.id + "']");
    var wrap = document.createElement("div");
    wrap.className = "picker";
    wrap.setAttribute("data-picker-for", select.id);
    var box = document.createElement("div");
    box.className = "picker-box";
    var chips = document.createElement("span");
    chips.className = "picker-chips";
    var search = document.createElement("input");
    search.type = "text";
    search.autocomplete = "off";
    search.id = select.id + "-search";
    search.setAttribute("role", "combobox");
    search.setAttribute("aria-expanded", "false");
    search.setAttribute("aria-autocomplete", "list");
    search.setAttribute("aria-controls", "picker-list-" + n);
    search.placeholder = "Search and pick...";
    var list = document.createElement("ul");
    list.className = "picker-list";
    list.id = "picker-list-" + n;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-multiselectable", "true");
    list.hidden = true;
    if (label) {
      label.setAttribute("for", search.id);
      list.setAttribute("aria-label", label.textContent);
    }
    box.appendChild(chips);
    box.appendChild(search);
    wrap.appendChild(box);
    wrap.appendChild(list);
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    select.parentNode.insertBefore(wrap, select);
    var active = -1;

    function options() {
      var query = search.value.trim().toLowerCase();
      return Array.prototype.filter.call(select.options, function (o) {
        return !query || o.textContent.toLowerCase().indexOf(query) >= 0;
      });
    }

    function drawChips() {
      chips.textContent = "";
      Array.prototype.forEach.call(select.options, function (o) {
        if (!o.selected) { return; }
        var chip = document.createElement("span");
        chip.className = "chip";
        chip.setAttribute("data-value", o.value);
        chip.appendChild(document.createTextNode(o.textContent));
        var remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = "\u00d7";
        remove.setAttribute("aria-label", "Remove " + o.textContent);
        remove.addEventListener("click", function () { toggle(o); search.focus(); });
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
      search.disabled = select.disabled;
    }

    function drawList() {
      list.textContent = "";
      var shown = options();
      if (active >= shown.length) { active = shown.length - 1; }
      shown.forEach(function (o, i) {
        var item = document.createElement("li");
        item.id = "picker-" + n + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", String(o.selected));
        item.textContent = o.textContent;
        if (i === active) { item.className = "active"; }
        item.addEventListener("mousedown", function (event) { event.preventDefault(); toggle(o); });
        list.appendChild(item);
      });
      if (!shown.length) {
        var none = document.createElement("li");
        none.className = "none";
        none.textContent = select.options.length ? "Nothing matches \u201c" + search.value + "\u201d" : "Nothing to pick yet";
        list.appendChild(none);
      }
      if (active >= 0 && shown.length) {
        search.setAttribute("aria-activedescendant", "picker-" + n + "-" + active);
        list.children[active].scrollIntoView({ block: "nearest" });
      } else {
        search.removeAttribute("aria-activedescendant");
      }
    }

    function open(state) {
      list.hidden = !state;
      search.setAttribute("aria-expanded", String(state));
      if (state) { drawList(); }
    }

    function toggle(option) {
      option.selected = !option.selected;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      if (window.portcullis) {
        window.portcullis.announce(option.textContent + (option.selected ? " picked" : " removed"));
      }
    }

    select.addEventListener("change", function () { drawChips(); if (!list.hidden) { drawList(); } });
    search.addEventListener("input", function () { active = 0; open(true); });
    search.addEventListener("focus", function () { open(true); });
    search.addEventListener("blur", function () { open(false); active = -1; });
    search.addEventListener("keydown", function (event) {
      var shown = options();
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) { open(true); }
        active = shown.length ? (active + (event.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length : -1;
        drawList();
      } else if (event.key === "Enter" && !list.hidden && shown[active]) {
        event.preventDefault();
        toggle(shown[active]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        event.stopPropagation();
        open(false);
      } else if (event.key === "Backspace" && !search.value) {
        var picked = Array.prototype.filter.call(select.options, function (o) { return o.selected; });
        if (picked.length) { toggle(picked[picked.length - 1]); }
      }
    });
    if (select.form) {
      select.form.addEventListener("reset", function () { setTimeout(drawChips, 0); });
    }
    drawChips();
  }

  document.querySelectorAll("select[multiple]").forEach(enhance);
})();
