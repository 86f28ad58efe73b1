// The session console (progressive enhancement): follows the session's changes and reloads the
// console to show them (participants joining, post-its, clusters, proposals), at most every three
// seconds and never while the facilitator is typing or has ticked something on it.
(function () {
  "use strict";
  // A CSV file of regional figures is read into the table's figures field (without this script
  // the figures are pasted into it).
  document.querySelectorAll("[data-csv-into]").forEach(function (input) {
    input.hidden = false;
    var label = input.previousElementSibling;
    if (label && label.hasAttribute("data-csv-label")) label.hidden = false;
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file || file.size > 64 * 1024) return;
      var reader = new FileReader();
      reader.onload = function () {
        document.getElementById(input.getAttribute("data-csv-into")).value = String(reader.result);
      };
      reader.readAsText(file);
    });
  });
  var head = document.querySelector("[data-console]");
  if (!head || !window.EventSource) return;
  var pending = false;
  function busy() {
    var fields = document.querySelectorAll("textarea, input[type=text], input[type=number], input[type=checkbox]:checked, details[open]");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.tagName === "DETAILS" || f.type === "checkbox") return true;
      if (f.value !== f.defaultValue) return true;
    }
    var active = document.activeElement;
    return !!(active && active.closest && active.closest("form"));
  }
  function later() {
    if (busy()) { window.setTimeout(later, 3000); return; }
    window.location.reload();
  }
  new EventSource(head.getAttribute("data-console")).addEventListener("changed", function () {
    if (pending) return;
    pending = true;
    window.setTimeout(later, 3000);
  });
})();
