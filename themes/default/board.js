// Filters the status board's cards by workstream and owner. The board reads
// fine without it (every card shows); the filters appear only with script.
(function () {
  "use strict";
  var form = document.getElementById("board-filters");
  if (!form) {
    return;
  }
  var selects = form.querySelectorAll("select[data-filter]");
  var cards = document.querySelectorAll(".board-card");
  var count = document.getElementById("board-count");

  function apply() {
    var shown = 0;
    for (var n = 0; n < cards.length; n++) {
      var card = cards[n];
      var visible = true;
      for (var s = 0; s < selects.length; s++) {
        var wanted = selects[s].value;
        if (wanted && card.getAttribute("data-" + selects[s].getAttribute("data-filter")) !== wanted) {
          visible = false;
        }
      }
      card.hidden = !visible;
      if (visible) {
        shown++;
      }
    }
    var columns = document.querySelectorAll(".board-column");
    for (var c = 0; c < columns.length; c++) {
      var counter = columns[c].querySelector(".count");
      if (counter) {
        counter.textContent = columns[c].querySelectorAll(".board-card:not([hidden])").length;
      }
    }
    count.textContent = shown + (shown === 1 ? " task" : " tasks");
  }

  for (var s = 0; s < selects.length; s++) {
    selects[s].addEventListener("change", apply);
  }
  form.hidden = false;
  apply();
})();
