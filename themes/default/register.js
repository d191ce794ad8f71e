// The risk register, sorted and filtered in the browser (no server): a
// click on a column heading sorts by it, the form above filters rows.
// Without script the table is complete and in score order.
(function () {
  "use strict";
  var table = document.getElementById("risk-register");
  var form = document.getElementById("register-filters");
  if (!table || !form) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var headings = table.tHead.rows[0].cells;

  function cellValue(row, column, numeric) {
    var cell = row.cells[column];
    var value = cell.getAttribute("data-value");
    if (value === null) value = cell.textContent.trim();
    return numeric ? parseFloat(value) : value.toLowerCase();
  }

  Array.prototype.forEach.call(headings, function (heading, column) {
    var kind = heading.getAttribute("data-sort");
    if (!kind) return;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = heading.textContent;
    heading.textContent = "";
    heading.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = heading.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(headings, function (other) { other.removeAttribute("aria-sort"); });
      heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = kind === "number";
      var sorted = rows.slice().sort(function (a, b) {
        var x = cellValue(a, column, numeric), y = cellValue(b, column, numeric);
        var order = numeric ? x - y : (x < y ? -1 : x > y ? 1 : 0);
        return ascending ? order : -order;
      });
      sorted.forEach(function (row) { body.appendChild(row); });
    });
  });

  var fields = ["status", "band", "response", "category"];
  function filter() {
    var text = form.elements.text.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var visible = fields.every(function (field) {
        var wanted = form.elements[field].value;
        return !wanted || row.getAttribute("data-" + field) === wanted;
      }) && (!text || row.textContent.toLowerCase().indexOf(text) !== -1);
      row.hidden = !visible;
      if (visible) shown++;
    });
    form.elements.shown.value = shown + " of " + rows.length + " risks";
  }
  form.addEventListener("input", filter);
  // The rows filter as one types; Filter (or Enter) does the same without
  // leaving the page, and Clear empties the fields, then filters. Clear
  // empties them itself rather than letting the browser reset the form
  // later: the rows and the counter are right as soon as the click returns
  // (a deferred filter raced with whoever read the rows next).
  form.addEventListener("submit", function (event) { event.preventDefault(); filter(); });
  form.addEventListener("reset", function (event) {
    event.preventDefault();
    fields.concat(["text"]).forEach(function (field) { form.elements[field].value = ""; });
    filter();
  });
  form.hidden = false;
  filter();
})();
