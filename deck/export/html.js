// The one script of a deck's HTML export (deck/export/html.py inlines it; the page's Content
// Security Policy allows it by its hash and nothing else). It never reads deck text: it only
// switches classes, measures two glyphs and follows the URL hash.
(function () {
  "use strict";
  var body = document.body, slides = [].slice.call(document.querySelectorAll("section.slide"));
  var notes = {};
  [].forEach.call(document.querySelectorAll("section.notes"), function (n) { notes[n.dataset.for] = n; });
  var current = 0, step = 0, msg = document.createElement("div");
  // A cell is the advance of a narrow character in the fonts this browser picked; a wide
  // character gets letter spacing that makes its advance exactly two cells.
  // Measured at the size the slides are drawn (a font's advances need not scale), again
  // when the window changes size.
  function measure() {
    var probe = document.createElement("div"), narrow = document.createElement("span"),
        wide = document.createElement("span"), root = document.documentElement.style;
    probe.className = "g"; probe.style.cssText = "position:absolute;visibility:hidden;width:auto";
    narrow.textContent = "0000000000"; wide.textContent = "\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d";
    probe.appendChild(narrow); probe.appendChild(wide); body.appendChild(probe);
    for (var round = 0; round < 2; round++) {
      var size = parseFloat(getComputedStyle(probe).fontSize),
          a = narrow.getBoundingClientRect().width / 10 / size, b = wide.getBoundingClientRect().width / 10 / size;
      if (a > 0.2 && a < 1.5 && b > 0) { root.setProperty("--r", String(a)); root.setProperty("--ws", (2 * a - b) + "em"); }
    }
    body.removeChild(probe);
  }
  measure();
  window.addEventListener("resize", measure);
  msg.id = "msg"; body.appendChild(msg); body.classList.add("js");
  function steps(i) { return parseInt(slides[i].dataset.steps, 10) || 0; }
  function say(text) {
    msg.textContent = text; msg.style.display = "block";
    clearTimeout(say.t); say.t = setTimeout(function () { msg.style.display = "none"; }, 2000);
  }
  function show(i, s) {
    if (!slides.length) { return; }
    i = Math.max(0, Math.min(slides.length - 1, i));
    s = Math.max(0, Math.min(steps(i), s));
    slides[current].classList.remove("on");
    if (notes[current + 1]) { notes[current + 1].classList.remove("on"); }
    current = i; step = s;
    var slide = slides[i], grids = slide.querySelectorAll(".g");
    slide.classList.add("on");
    [].forEach.call(grids, function (g, k) { g.classList.toggle("on", grids.length === 1 || k === s); });
    if (notes[i + 1]) { notes[i + 1].classList.add("on"); }
    var hash = "#" + (i + 1);
    if (location.hash !== hash) { history.replaceState(null, "", hash); }
    document.title = document.title.replace(/ \(\d+\/\d+\)$/, "") + " (" + (i + 1) + "/" + slides.length + ")";
  }
  function forward() {
    if (step < steps(current)) { show(current, step + 1); } else if (current < slides.length - 1) { show(current + 1, 0); }
  }
  function backward() {
    if (step > 0) { show(current, step - 1); } else if (current > 0) { show(current - 1, steps(current - 1)); }
  }
  function fromHash() {
    var m = /^#(\d+)$/.exec(location.hash);
    if (m) { show(parseInt(m[1], 10) - 1, 0); } else { show(current, step); }
  }
  function overview(on) {
    body.classList.toggle("ov", on);
    if (!on) { slides[current].scrollIntoView(); } else { slides[current].scrollIntoView({block: "center"}); }
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var k = e.key;
    if (k === "ArrowRight" || k === "ArrowDown" || k === "PageDown" || (k === " " && !e.shiftKey)) { forward(); }
    else if (k === "ArrowLeft" || k === "ArrowUp" || k === "PageUp" || k === "Backspace" || (k === " " && e.shiftKey)) { backward(); }
    else if (k === "Home") { show(0, 0); }
    else if (k === "End") { show(slides.length - 1, steps(slides.length - 1)); }
    else if (k === "n") {
      if (body.dataset.notes !== "1") { say("no notes in this file: export with --notes"); return; }
      body.classList.toggle("n");
    }
    else if (k === "o") { overview(!body.classList.contains("ov")); }
    else if (k === "Escape" && body.classList.contains("ov")) { overview(false); }
    else { return; }
    e.preventDefault();
  });
  slides.forEach(function (slide, i) {
    slide.addEventListener("click", function () {
      if (body.classList.contains("ov")) { show(i, steps(i)); overview(false); }
    });
  });
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
