// Following a pattern evaluation (progressive enhancement): asks the server where the job
// stands every second and moves the progress bar; when the run is stored (or has failed) it
// opens that page. Without this script the page has a link to look again.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status]");
  if (!box) return;
  var url = box.getAttribute("data-job-status");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-job-text]");
  var lastText = text.textContent;
  var spoken = 0;
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.state === "running") {
          if (s.total > 0) {
            bar.max = s.total;
            bar.value = s.done;
          }
          // The status line is read out by screen readers: at most every five seconds.
          var now = Date.now();
          if (s.text !== lastText && now - spoken > 5000) {
            text.textContent = s.text;
            lastText = s.text;
            spoken = now;
          }
          window.setTimeout(poll, 1000);
        } else if (s.href) {
          window.location.assign(s.href);
        } else {
          text.textContent = s.text;
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
