// Client-side search over window.PLANBOOK_SEARCH (written by planbook as
// search-index.js). Works from file:// because it loads no data by fetch.
(function () {
  "use strict";
  var entries = window.PLANBOOK_SEARCH || [];
  var input = document.getElementById("search-q");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !results || !status) {
    return;
  }
  var LIMIT = 50;

  function score(entry, terms) {
    var title = entry.t.toLowerCase();
    var id = entry.i.toLowerCase();
    var rest = (entry.x + " " + entry.k).toLowerCase();
    var total = 0;
    for (var n = 0; n < terms.length; n++) {
      var term = terms[n];
      if (id === term) {
        total += 8;
      } else if (title.indexOf(term) >= 0) {
        total += title.indexOf(term) === 0 ? 5 : 4;
      } else if (id.indexOf(term) >= 0) {
        total += 3;
      } else if (rest.indexOf(term) >= 0) {
        total += 1;
      } else {
        return 0;
      }
    }
    return total;
  }

  function show(query) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    results.textContent = "";
    if (terms.length === 0) {
      status.textContent = "Type to search " + entries.length + " pages and items.";
      return;
    }
    var found = [];
    for (var n = 0; n < entries.length; n++) {
      var value = score(entries[n], terms);
      if (value > 0) {
        found.push([value, n]);
      }
    }
    found.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    status.textContent = found.length === 0
      ? "No results for \u201c" + query + "\u201d."
      : found.length + " result" + (found.length === 1 ? "" : "s") + " for \u201c" + query + "\u201d" +
        (found.length > LIMIT ? ", showing the first " + LIMIT + "." : ".");
    found.slice(0, LIMIT).forEach(function (hit) {
      var entry = entries[hit[1]];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = entry.u;
      link.textContent = entry.t;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = entry.k + " \u00b7 " + entry.i;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(kind);
      results.appendChild(item);
    });
  }

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  show(initial);
  input.addEventListener("input", function () {
    show(input.value);
  });
})();
