"use strict";
(function () {
  // The search folds text as the memory does (tarjama.memory.fold); the table of what each
  // character becomes is written into the page from Python, so the two cannot disagree.
  var TABLE = JSON.parse(document.getElementById("fold-table").textContent);
  function fold(text) {
    var out = "";
    for (var ch of text.normalize("NFKC")) {
      var mapped = TABLE[ch];
      out += mapped === undefined ? ch.toLowerCase() : mapped;
    }
    return out.split(/\s+/).filter(Boolean).join(" ");
  }
  window.tarjamaFold = fold;

  var sections = Array.prototype.slice.call(document.querySelectorAll("section.cat"));
  var current = sections[0];
  var rowsOf = new Map();
  var foldedOf = new Map();
  function rows(section) {
    var found = rowsOf.get(section);
    if (!found) {
      found = Array.prototype.slice.call(section.querySelectorAll("article.e"));
      rowsOf.set(section, found);
    }
    return found;
  }
  function folded(section) {
    var found = foldedOf.get(section);
    if (!found) {
      found = rows(section).map(function (row) {
        var parts = [];
        row.querySelectorAll(".x").forEach(function (cell) { parts.push(cell.textContent); });
        return fold(parts.join("\n"));
      });
      foldedOf.set(section, found);
    }
    return found;
  }

  var q = document.getElementById("q");
  var check = document.getElementById("check");
  var shown = document.getElementById("shown");
  function checked(name) {
    var values = new Set();
    document.querySelectorAll("input[name=" + name + "]").forEach(function (box) {
      if (box.checked) values.add(box.value);
    });
    return values;
  }
  function apply() {
    var statuses = checked("status"), severities = checked("severity");
    var wanted = check.value, query = fold(q.value);
    var list = rows(current), texts = query ? folded(current) : null, count = 0;
    for (var i = 0; i < list.length; i++) {
      var row = list[i], ok = statuses.has(row.dataset.status);
      if (ok) {
        ok = row.dataset.sev.split(" ").some(function (s) { return severities.has(s); });
      }
      if (ok && wanted) ok = (" " + row.dataset.checks + " ").indexOf(" " + wanted + " ") >= 0;
      if (ok && query) ok = texts[i].indexOf(query) >= 0;
      if (row.hidden === ok) row.hidden = !ok;
      if (ok) count++;
    }
    shown.textContent = count + " of " + list.length + " entries shown";
    shown.dataset.shown = String(count);
    return count;
  }
  window.tarjamaApply = apply;

  function showCounts() {
    var counts = JSON.parse(current.dataset.counts);
    document.querySelectorAll("[data-count]").forEach(function (span) {
      span.textContent = String(counts[span.dataset.count] || 0);
    });
  }
  function switchTo(section) {
    if (!section || section === current) return;
    current.hidden = true;
    section.hidden = false;
    current = section;
    var select = document.getElementById("lang");
    if (select) select.value = section.dataset.key;
    showCounts();
    apply();
  }
  var lang = document.getElementById("lang");
  if (lang) lang.addEventListener("change", function () {
    switchTo(document.getElementById("cat-" + lang.value));
  });

  document.querySelectorAll("input[name=status],input[name=severity]").forEach(function (box) {
    box.addEventListener("change", apply);
  });
  check.addEventListener("change", apply);
  var pending = 0;
  q.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(apply, 60);
  });
  document.getElementById("inv").addEventListener("change", function (event) {
    document.body.classList.toggle("show-inv", event.target.checked);
  });

  function go(row) {
    row.focus({preventScroll: true});
    row.scrollIntoView({block: "center"});
    try { history.replaceState(null, "", "#" + row.id); } catch (e) { /* file: URLs */ }
  }
  function step(direction) {
    var list = rows(current).filter(function (row) {
      return !row.hidden && row.dataset.sev !== "none";
    });
    if (!list.length) return;
    var at = list.indexOf(document.activeElement);
    if (at < 0) {
      // From the entry in view: the first finding below it (or above, going back).
      var top = 0;
      at = direction > 0 ? -1 : list.length;
      for (var i = 0; i < list.length; i++) {
        if (list[i].getBoundingClientRect().top > top + 120) { at = direction > 0 ? i - 1 : i; break; }
      }
    }
    var next = Math.min(Math.max(at + direction, 0), list.length - 1);
    go(list[next]);
  }
  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName);
    if (event.key === "Escape" && typing) { event.target.blur(); return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "j" || event.key === "n") { step(1); event.preventDefault(); }
    else if (event.key === "k" || event.key === "p") { step(-1); event.preventDefault(); }
    else if (event.key === "/") { q.focus(); event.preventDefault(); }
  });

  function followHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var row = document.getElementById(id);
    if (!row && /^entry-\d+$/.test(id)) row = document.getElementById(current.dataset.key + "-" + id);
    if (!row || !row.classList.contains("e")) return;
    switchTo(row.closest("section.cat"));
    if (row.hidden) {
      document.querySelectorAll("input[name=status],input[name=severity]").forEach(function (box) { box.checked = true; });
      check.value = ""; q.value = "";
      apply();
    }
    go(row);
  }
  window.addEventListener("hashchange", followHash);
  showCounts();
  apply();
  followHash();
  document.body.dataset.ready = "1";
})();
