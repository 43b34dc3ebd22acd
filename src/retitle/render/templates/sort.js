/* retitle batch index: sort the table by a column. The table reads the same without it.
   The order is kept in the address (#sort=score, #sort=-score for descending), so it survives
   going back from a file's page and can be bookmarked. */
(function () {
  "use strict";
  var table = document.getElementById("files");
  if (!table || !table.tHead || !table.tBodies.length) { return; }
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);

  function value(row, column, numeric) {
    var cell = row.cells[column];
    var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
    if (raw === "") { return null; }
    return numeric ? parseFloat(raw) : raw.toLowerCase();
  }

  function sortBy(column, ascending) {
    var head = heads[column];
    var numeric = head.getAttribute("data-sort") === "number";
    heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
    head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, column, numeric), y = value(b, column, numeric);
      if (x === y) { return 0; }
      if (x === null) { return 1; }   /* empty cells last, either way */
      if (y === null) { return -1; }
      var order = numeric ? x - y : x.localeCompare(y);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  heads.forEach(function (head, column) {
    if (!head.hasAttribute("data-sort")) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = head.textContent;
    head.textContent = "";
    head.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = head.getAttribute("aria-sort") !== "ascending";
      sortBy(column, ascending);
      try {
        history.replaceState(null, "", "#sort=" + (ascending ? "" : "-") + head.getAttribute("data-key"));
      } catch (e) { /* some browsers refuse to change a file:// address; the sort still applies */ }
    });
  });

  var wanted = /^#sort=(-?)([a-z]+)$/.exec(location.hash);
  if (wanted) {
    heads.forEach(function (head, column) {
      if (head.getAttribute("data-key") === wanted[2]) { sortBy(column, wanted[1] !== "-"); }
    });
  }
  var hint = table.querySelector(".sort-hint");
  if (hint) { hint.hidden = false; }
}());
