// Short steps on a phone (progressive enhancement): the story form shows one part at a time with
// Previous/Next and "Stap n van N". Without this script every part is shown on one page.
// Before moving on from the story it checks what can be checked here (a story, not too long) and
// stays with the message beside the field. After a refused submission the step with the first
// problem opens (or, when only identifying details were found, the last step with its "Toch zo
// versturen" button), and the summary is read out.
// Also: a character counter under the story, a kind count-down to the words from which a story
// counts in full (never forced), and the maximum number of picks of a multiple choice is
// enforced while ticking (the server checks it too).
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
  var story = document.getElementById("verhaal");

  // The story's own problem, shown beside it as the server would (and cleared when fixed).
  function storyProblem() {
    if (!story || !steps[current].contains(story)) return null;
    var length = Array.from(story.value).length;
    if (story.value.trim() === "") return form.dataset.storyMissing;
    if (length > 20000) return form.dataset.storyTooLong;
    return null;
  }
  function markStory(message) {
    var field = document.getElementById("veld-verhaal");
    var shown = document.getElementById("verhaal-fout");
    var describedBy = (story.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id !== "verhaal-fout"; });
    if (message) {
      if (!shown) {
        shown = document.createElement("p");
        shown.className = "error";
        shown.id = "verhaal-fout";
        story.insertAdjacentElement("beforebegin", shown);
      }
      shown.textContent = message;
      describedBy.push("verhaal-fout");
      story.setAttribute("aria-invalid", "true");
      field.classList.add("has-error");
    } else {
      if (shown) shown.remove();
      story.removeAttribute("aria-invalid");
      field.classList.remove("has-error");
    }
    story.setAttribute("aria-describedby", describedBy.join(" "));
  }
  function forward() {
    var problem = storyProblem();
    if (story && steps[current].contains(story)) markStory(problem);
    if (problem) {
      story.focus();
      return;
    }
    show(current + 1, true);
    window.scrollTo(0, form.offsetTop);
  }

  if (steps.length > 1) {
    form.classList.add("steps-on");
    prev.addEventListener("click", function () { show(current - 1, true); });
    next.addEventListener("click", forward);
    // Enter in a one-line field goes to the next step rather than sending half a story.
    form.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && ev.target.tagName === "INPUT" && ev.target.type !== "submit" && current < steps.length - 1) {
        ev.preventDefault();
        forward();
      }
    });
    var firstError = steps.findIndex(function (s) { return s.querySelector(".has-error"); });
    // Only identifying details were found: the choice ("Toch zo versturen") is on the last step.
    var detailsOnly = firstError < 0 && document.getElementById("details");
    show(firstError >= 0 ? firstError : detailsOnly ? steps.length - 1 : 0, false);
    document.querySelectorAll("[data-open-step]").forEach(function (link) {
      link.addEventListener("click", function (ev) {
        ev.preventDefault();
        show(parseInt(link.dataset.openStep, 10), true);
      });
    });
  }
  var summary = document.getElementById("fouten");
  if (summary) summary.focus();

  if (story && form.dataset.counter) {
    var counter = document.createElement("p");
    counter.className = "help";
    counter.setAttribute("aria-hidden", "true");
    story.insertAdjacentElement("afterend", counter);
    var toGo = document.getElementById("verhaal-compleet");
    var minWords = parseInt(form.dataset.minWords || "0", 10);
    var count = function () {
      var n = Array.from(story.value).length;
      counter.textContent = form.dataset.counter.replace("{count}", n.toLocaleString(document.documentElement.lang));
      counter.classList.toggle("error", n > 20000);
      if (toGo && minWords > 0 && story.value.trim() !== "") {
        // Words as the server counts them: runs with a letter or digit.
        var words = story.value.split(/\s+/).filter(function (w) { return /[\p{L}\p{N}]/u.test(w); }).length;
        var left = minWords - words;
        toGo.textContent = left <= 0 ? form.dataset.wordsEnough
          : (left === 1 ? form.dataset.wordsOne : form.dataset.wordsOther).replace("{n}", left);
        toGo.classList.toggle("enough", left <= 0);
      }
      if (story.getAttribute("aria-invalid") && !storyProblem()) markStory(null);
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
