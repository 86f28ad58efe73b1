// Short steps on a phone (progressive enhancement): the story form shows one part at a time with
// Previous/Next and "Stap n van N". Without this script every part is shown on one page.
// After a refused submission the step with the first problem opens, and the summary is read out.
// Also: a character counter under the story, and the maximum number of picks of a multiple
// choice is enforced while ticking (the server checks it too).
(function () {
  "use strict";
  var form = document.querySelector("form[data-steps]");
  if (!form) return;
  var steps = Array.prototype.slice.call(form.querySelectorAll(".step"));
  var submit = form.querySelector(".submit-actions");
  var current = 0;
  var nav = document.createElement("div");
  nav.className = "step-nav";
  var prev = document.createElement("button");
  prev.type = "button";
  prev.className = "secondary";
  prev.textContent = form.dataset.previous;
  var progress = document.createElement("p");
  progress.className = "step-progress";
  progress.setAttribute("aria-live", "polite");
  var next = document.createElement("button");
  next.type = "button";
  next.className = "primary";
  next.textContent = form.dataset.next;
  nav.appendChild(prev);
  nav.appendChild(progress);
  nav.appendChild(next);

  function show(i, focus) {
    current = Math.max(0, Math.min(steps.length - 1, i));
    steps.forEach(function (s, j) { s.hidden = j !== current; });
    var last = current === steps.length - 1;
    prev.hidden = current === 0;
    next.hidden = last;
    if (submit) submit.hidden = !last;
    progress.textContent = form.dataset.stepLabel.replace("{n}", current + 1).replace("{total}", steps.length);
    steps[current].appendChild(nav);
    var heading = form.querySelector(".signifiers-heading");
    if (heading) heading.hidden = current === 0;
    var intro = heading ? heading.nextElementSibling : null;
    if (intro) intro.hidden = current === 0;
    if (focus) {
      var target = steps[current].querySelector("legend, label");
      var field = steps[current].querySelector("textarea, input:not([type=hidden]), [role=slider], svg[tabindex], select");
      (field || target || steps[current]).focus();
    }
  }
  if (steps.length > 1) {
    form.classList.add("steps-on");
    prev.addEventListener("click", function () { show(current - 1, true); });
    next.addEventListener("click", function () { show(current + 1, true); window.scrollTo(0, form.offsetTop); });
    // Enter in a one-line field goes to the next step rather than sending half a story.
    form.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && ev.target.tagName === "INPUT" && ev.target.type !== "submit" && current < steps.length - 1) {
        ev.preventDefault();
        show(current + 1, true);
      }
    });
    var firstError = steps.findIndex(function (s) { return s.querySelector(".has-error"); });
    show(firstError >= 0 ? firstError : 0, false);
  }
  var summary = document.getElementById("fouten");
  if (summary) summary.focus();

  var story = document.getElementById("verhaal");
  if (story && form.dataset.counter) {
    var counter = document.createElement("p");
    counter.className = "help";
    counter.setAttribute("aria-hidden", "true");
    story.insertAdjacentElement("afterend", counter);
    var count = function () {
      var n = Array.from(story.value).length;
      counter.textContent = form.dataset.counter.replace("{count}", n.toLocaleString(document.documentElement.lang));
      counter.classList.toggle("error", n > 20000);
    };
    story.addEventListener("input", count);
    count();
  }

  form.querySelectorAll("[data-max-picks]").forEach(function (group) {
    var max = parseInt(group.dataset.maxPicks, 10);
    var boxes = Array.prototype.slice.call(group.querySelectorAll("input[type=checkbox]"));
    function limit() {
      var picked = boxes.filter(function (b) { return b.checked; }).length;
      boxes.forEach(function (b) { b.disabled = !b.checked && picked >= max; });
    }
    boxes.forEach(function (b) { b.addEventListener("change", limit); });
    limit();
  });
})();
