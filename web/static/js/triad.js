// Triad (progressive enhancement). Without this script the question is three share fields that
// must add up to 100. With it, a triangle with a draggable dot (mouse, touch, or arrow keys
// once focused) that fills in the three fields; typing in the fields moves the dot. The dot is
// absent until the teller places it: an untouched triad records no answer.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var C = [[50, 8], [8, 82], [92, 82]]; // corners 1 (top), 2 (bottom left), 3 (bottom right)
  function node(name, attrs) {
    var n = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    return n;
  }
  function toPoint(s) {
    var t = s[0] + s[1] + s[2];
    return [(s[0] * C[0][0] + s[1] * C[1][0] + s[2] * C[2][0]) / t, (s[0] * C[0][1] + s[1] * C[1][1] + s[2] * C[2][1]) / t];
  }
  function toShares(x, y) {
    var d = (C[1][1] - C[2][1]) * (C[0][0] - C[2][0]) + (C[2][0] - C[1][0]) * (C[0][1] - C[2][1]);
    var a = ((C[1][1] - C[2][1]) * (x - C[2][0]) + (C[2][0] - C[1][0]) * (y - C[2][1])) / d;
    var b = ((C[2][1] - C[0][1]) * (x - C[2][0]) + (C[0][0] - C[2][0]) * (y - C[2][1])) / d;
    var w = [Math.max(0, a), Math.max(0, b), Math.max(0, 1 - a - b)];
    var t = w[0] + w[1] + w[2];
    var ra = Math.round((w[0] / t) * 100), rb = Math.round((w[1] / t) * 100);
    if (ra + rb > 100) rb = 100 - ra;
    return [ra, rb, 100 - ra - rb];
  }
  function enhance(el) {
    var inputs = Array.prototype.slice.call(el.querySelectorAll("input[data-share]"));
    var fieldset = el.closest("fieldset");
    var nvt = fieldset ? fieldset.querySelector("input[data-nvt]") : null;
    var labels = Array.prototype.slice.call(el.querySelectorAll(".corner-label")).map(function (l) { return l.textContent.trim(); });
    if (inputs.length !== 3) return;
    labels.forEach(function (_, i) {
      var mark = document.createElement("span");
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = (i + 1) + ". ";
      el.querySelectorAll(".corner-label")[i].prepend(mark);
    });
    // Room above and below the triangle for the corners' names.
    var TOP = -11, HEIGHT = 109;
    var svg = node("svg", { viewBox: "0 " + TOP + " 100 " + HEIGHT, class: "triad-svg", tabindex: "0", role: "application" });
    if (el.dataset.label) svg.setAttribute("aria-labelledby", el.dataset.label);
    var keysId = (inputs[0].name + "-keys").replace(/\./g, "-");
    svg.setAttribute("aria-describedby", keysId);
    svg.appendChild(node("polygon", { class: "area", points: C.map(function (c) { return c.join(","); }).join(" ") }));
    // Each corner's name in the drawing, numbered as beside the fields, in lines of about 24
    // characters (at most two; a longer name ends in "…").
    function lines(text) {
      var out = [""];
      text.split(/\s+/).forEach(function (word) {
        var last = out[out.length - 1];
        if (last && (last + " " + word).length > 24) out.push(word);
        else out[out.length - 1] = last ? last + " " + word : word;
      });
      if (out.length > 2) out = [out[0], out[1].replace(/\S*$/, "").trim() + "…"];
      return out;
    }
    labels.forEach(function (label, i) {
      var rows = lines((i + 1) + ". " + label);
      var anchor = ["middle", "start", "end"][i];
      var x = [50, 0, 100][i];
      var t = node("text", { x: x, "text-anchor": anchor, "aria-hidden": "true", class: "corner-name" });
      rows.forEach(function (row, j) {
        // The top name ends just above its corner; the bottom names start just below theirs.
        var y = i === 0 ? 4.5 - (rows.length - 1 - j) * 4.6 : 89 + j * 4.6;
        var span = node("tspan", { x: x, y: y });
        span.textContent = row;
        t.appendChild(span);
      });
      svg.appendChild(t);
    });
    var dot = node("circle", { class: "dot", r: "3.2", cx: "50", cy: "57" });
    svg.appendChild(dot);
    var keys = document.createElement("p");
    keys.className = "visually-hidden";
    keys.id = keysId;
    keys.textContent = el.dataset.keys || "";
    var readout = document.createElement("p");
    readout.className = "readout";
    readout.setAttribute("aria-live", "polite");
    el.insertBefore(svg, el.querySelector(".shares"));
    el.insertBefore(keys, el.querySelector(".shares"));
    el.insertBefore(readout, el.querySelector(".shares"));
    var point = null;

    function shares() {
      var v = inputs.map(function (i) { return parseFloat((i.value || "").replace(",", ".")); });
      return v.some(isNaN) ? null : v;
    }
    function render() {
      var s = shares();
      var off = nvt && nvt.checked;
      el.classList.toggle("is-disabled", !!off);
      var sum = s ? s[0] + s[1] + s[2] : 0;
      if (!s || off || sum <= 0) {
        dot.setAttribute("visibility", "hidden");
        readout.textContent = off ? "" : el.dataset.untouched;
        if (s && !off) readout.textContent = (el.dataset.sumTemplate || "").replace("{sum}", sum);
        return;
      }
      point = toPoint(s);
      dot.setAttribute("visibility", "visible");
      dot.setAttribute("cx", point[0].toFixed(2));
      dot.setAttribute("cy", point[1].toFixed(2));
      var text = (el.dataset.valueTemplate || "")
        .replace("{a}", labels[0]).replace("{x}", s[0])
        .replace("{b}", labels[1]).replace("{y}", s[1])
        .replace("{c}", labels[2]).replace("{z}", s[2]);
      if (Math.abs(sum - 100) > 0.05) text += " — " + (el.dataset.sumTemplate || "").replace("{sum}", sum);
      readout.textContent = text;
    }
    function place(x, y) {
      if (nvt && nvt.checked) nvt.checked = false;
      var s = toShares(x, y);
      inputs.forEach(function (input, i) { input.value = String(s[i]); });
      render();
      point = toPoint(s);
    }
    function fromPointer(ev) {
      var r = svg.getBoundingClientRect();
      place(((ev.clientX - r.left) / r.width) * 100, TOP + ((ev.clientY - r.top) / r.height) * HEIGHT);
    }
    svg.addEventListener("pointerdown", function (ev) { svg.setPointerCapture(ev.pointerId); fromPointer(ev); svg.focus(); });
    svg.addEventListener("pointermove", function (ev) { if (svg.hasPointerCapture(ev.pointerId)) fromPointer(ev); });
    svg.addEventListener("keydown", function (ev) {
      var step = ev.shiftKey ? 8 : 2;
      var p = shares() ? toPoint(shares()) : null;
      if (!p) { p = toPoint([1, 1, 1]); if (/^Arrow/.test(ev.key)) { ev.preventDefault(); place(p[0], p[1]); return; } }
      var d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[ev.key];
      if (!d) return;
      ev.preventDefault();
      place(p[0] + d[0], p[1] + d[1]);
    });
    inputs.forEach(function (i) { i.addEventListener("input", render); });
    if (nvt) nvt.addEventListener("change", function () { if (nvt.checked) inputs.forEach(function (i) { i.value = ""; }); render(); });
    render();
  }
  document.querySelectorAll("[data-triad]").forEach(enhance);
})();
