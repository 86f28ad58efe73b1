// The live board (progressive enhancement): follows the table's event stream and shows new,
// changed and removed post-its of others without reloading. Without this script every action
// still works: it is a form that comes back to the board. Texts are set with textContent only.
(function () {
  "use strict";
  // The agenda's countdown: the server says how many seconds are left; this counts them down.
  var timer = document.querySelector("[data-countdown]");
  if (timer && timer.getAttribute("data-paused") !== "1") {
    var clock = timer.querySelector("[data-clock]");
    var left = parseInt(timer.getAttribute("data-countdown"), 10);
    var end = Date.now() + left * 1000;
    window.setInterval(function () {
      var s = Math.round((end - Date.now()) / 1000);
      var a = Math.abs(s);
      clock.textContent = (s < 0 ? "-" : "") + Math.floor(a / 60) + ":" + String(a % 60).padStart(2, "0");
    }, 1000);
  }
  // Drag and drop (an extra): a post-it dropped on a cluster is moved there with the same form
  // the tick-and-move buttons send. Nothing needs dragging.
  var moveForm = document.querySelector("[data-move-form]");
  var targets = document.querySelectorAll("[data-drop-cluster]");
  if (moveForm && targets.length) {
    var help = document.querySelector("[data-drag-help]");
    if (help) help.hidden = false;
    document.querySelectorAll("li.postit[draggable=true]").forEach(function (li) {
      li.addEventListener("dragstart", function (e) {
        e.dataTransfer.setData("text/plain", li.getAttribute("data-postit"));
        e.dataTransfer.effectAllowed = "move";
      });
    });
    targets.forEach(function (target) {
      target.addEventListener("dragover", function (e) {
        e.preventDefault();
        target.classList.add("drop-here");
      });
      target.addEventListener("dragleave", function () {
        target.classList.remove("drop-here");
      });
      target.addEventListener("drop", function (e) {
        e.preventDefault();
        target.classList.remove("drop-here");
        var postit = e.dataTransfer.getData("text/plain");
        if (!postit) return;
        var body = new URLSearchParams();
        body.append("csrf", moveForm.querySelector("[name=csrf]").value);
        body.append("lang", moveForm.querySelector("[name=lang]").value);
        body.append("postit", postit);
        body.append("cluster", target.getAttribute("data-drop-cluster"));
        fetch(moveForm.getAttribute("action"), { method: "POST", body: body, credentials: "same-origin" })
          .then(function () { window.location.reload(); });
      });
    });
  }

  var board = document.querySelector("[data-board]");
  if (!board || !window.EventSource) return;
  var live = document.querySelector("[data-board-live]");
  var source = new EventSource(board.getAttribute("data-stream"));

  function say(text) {
    if (live) live.textContent = text;
  }

  function span(cls, text) {
    var s = document.createElement("span");
    s.className = cls;
    s.textContent = text;
    return s;
  }

  function render(li, p) {
    li.className = "postit cat-" + p.category_code + (p.hidden ? " is-hidden" : "");
    li.id = "postit-" + p.id;
    li.setAttribute("data-postit", p.id);
    // Keep the forms a post-it has on the page (its writer's change and remove forms).
    var kept = Array.prototype.slice.call(li.querySelectorAll("details, form"));
    while (li.firstChild) li.removeChild(li.firstChild);
    li.appendChild(span("category", p.category));
    li.appendChild(document.createTextNode(" "));
    li.appendChild(span("text", p.text));
    if (p.so_that) {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(span("so-that", p.so_that));
    }
    if (p.mine) li.appendChild(span("mark", board.getAttribute("data-mine")));
    if (p.hidden) li.appendChild(span("mark", board.getAttribute("data-hidden")));
    kept.forEach(function (k) { li.appendChild(k); });
  }

  source.addEventListener("postit", function (e) {
    var d = JSON.parse(e.data);
    var list = null;
    var lists = board.querySelectorAll("[data-item]");
    for (var i = 0; i < lists.length; i++) {
      if (lists[i].getAttribute("data-item") === d.item) list = lists[i];
    }
    if (!list) return;
    var li = document.getElementById("postit-" + d.postit.id);
    if (!li) {
      li = document.createElement("li");
      list.appendChild(li);
      say(board.getAttribute("data-new") + " " + d.postit.text);
    }
    render(li, d.postit);
  });

  source.addEventListener("postit-gone", function (e) {
    var d = JSON.parse(e.data);
    var li = document.getElementById("postit-" + d.id);
    if (li && li.parentNode) li.parentNode.removeChild(li);
  });

  // Whether the visitor is in the middle of typing or ticking something on the page.
  function busy() {
    var fields = document.querySelectorAll("textarea, input[type=text], input[type=checkbox]:checked");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === "checkbox" || (f.value && f.value !== f.defaultValue)) return true;
    }
    var active = document.activeElement;
    return !!(active && active.closest && active.closest("form"));
  }

  function changed() {
    if (busy()) say(board.getAttribute("data-reload"));
    else window.location.reload();
  }

  source.addEventListener("session", changed);
  source.addEventListener("changed", changed);

  source.addEventListener("removed", function () {
    source.close();
    window.location.reload();
  });
})();
