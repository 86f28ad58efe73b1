// Bipolar slider (progressive enhancement). Without this script the question is a number field
// 0-100 that may stay empty. With it, a slider that starts *untouched* (no thumb, no value):
// only moving it records an answer, so "never moved" is never confused with "the middle".
// Keyboard: arrows ±1, Page Up/Down ±10, Home/End to the poles; Delete clears.
(function () {
  "use strict";
  function words(el, value) {
    var list = (el.dataset.words || "").split("|");
    var i = value <= 15 ? 0 : value <= 40 ? 1 : value < 60 ? 2 : value < 85 ? 3 : 4;
    return (el.dataset.valueTemplate || "{value}").replace("{value}", value).replace("{words}", list[i] || "");
  }
  function enhance(el) {
    var input = el.querySelector("input[type=number]");
    var fieldset = el.closest("fieldset");
    var nvt = fieldset ? fieldset.querySelector("input[data-nvt]") : null;
    if (!input) return;
    var hint = el.querySelector(".hint");
    var box = document.createElement("div");
    box.className = "js-slider";
    var track = document.createElement("div");
    track.className = "track";
    track.setAttribute("role", "slider");
    track.setAttribute("tabindex", "0");
    track.setAttribute("aria-valuemin", "0");
    track.setAttribute("aria-valuemax", "100");
    if (el.dataset.label) track.setAttribute("aria-labelledby", el.dataset.label);
    var keysId = input.id + "-keys";
    track.setAttribute("aria-describedby", keysId + (input.getAttribute("aria-describedby") ? " " + input.getAttribute("aria-describedby") : ""));
    var rail = document.createElement("div");
    rail.className = "rail";
    var thumb = document.createElement("div");
    thumb.className = "thumb";
    track.appendChild(rail);
    track.appendChild(thumb);
    var readout = document.createElement("p");
    readout.className = "readout";
    readout.setAttribute("aria-hidden", "true");
    var keys = document.createElement("p");
    keys.className = "visually-hidden";
    keys.id = keysId;
    keys.textContent = el.dataset.keys || "";
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "link";
    clear.textContent = el.dataset.clear || "Wissen";
    box.appendChild(track);
    box.appendChild(readout);
    box.appendChild(keys);
    box.appendChild(clear);
    input.hidden = true;
    if (hint) hint.hidden = true;
    el.appendChild(box);

    function current() {
      var v = parseInt(input.value, 10);
      return isNaN(v) ? null : Math.max(0, Math.min(100, v));
    }
    function render() {
      var v = current();
      var off = nvt && nvt.checked;
      box.classList.toggle("untouched", v === null);
      box.classList.toggle("is-disabled", !!off);
      track.setAttribute("aria-disabled", off ? "true" : "false");
      if (v === null || off) {
        thumb.hidden = true;
        // aria-valuenow is required on a slider; the value text says it is not answered.
        track.setAttribute("aria-valuenow", "50");
        track.setAttribute("aria-valuetext", off ? (nvt.parentNode.textContent || "").trim() : el.dataset.untouched);
        readout.textContent = off ? "" : el.dataset.untouched;
        clear.hidden = true;
      } else {
        thumb.hidden = false;
        thumb.style.left = "calc(0.9rem + (100% - 1.8rem) * " + v / 100 + ")";
        track.setAttribute("aria-valuenow", String(v));
        track.setAttribute("aria-valuetext", words(el, v));
        readout.textContent = words(el, v);
        clear.hidden = false;
      }
    }
    function set(v) {
      if (nvt && nvt.checked) nvt.checked = false;
      input.value = v === null ? "" : String(Math.max(0, Math.min(100, Math.round(v))));
      render();
    }
    function fromPointer(ev) {
      var r = rail.getBoundingClientRect();
      set(((ev.clientX - r.left) / r.width) * 100);
    }
    track.addEventListener("keydown", function (ev) {
      var v = current();
      var start = v === null ? 50 : v;
      var next = null;
      switch (ev.key) {
        case "ArrowRight": case "ArrowUp": next = v === null ? 50 : start + 1; break;
        case "ArrowLeft": case "ArrowDown": next = v === null ? 50 : start - 1; break;
        case "PageUp": next = start + 10; break;
        case "PageDown": next = start - 10; break;
        case "Home": next = 0; break;
        case "End": next = 100; break;
        case "Delete": case "Backspace": set(null); ev.preventDefault(); return;
        default: return;
      }
      ev.preventDefault();
      set(next);
    });
    track.addEventListener("pointerdown", function (ev) {
      track.setPointerCapture(ev.pointerId);
      fromPointer(ev);
      track.focus();
    });
    track.addEventListener("pointermove", function (ev) {
      if (track.hasPointerCapture(ev.pointerId)) fromPointer(ev);
    });
    clear.addEventListener("click", function () { set(null); track.focus(); });
    if (nvt) nvt.addEventListener("change", function () { if (nvt.checked) input.value = ""; render(); });
    render();
  }
  document.querySelectorAll("[data-slider]").forEach(enhance);
})();
