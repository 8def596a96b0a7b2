// Suggestions as you type: fills the search box's <datalist> from /api/v1/suggest.
// The search page works without this file; it only adds completions.
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-suggestions");
  if (!input || !list || !window.fetch) return;
  var timer = null;
  var latest = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var prefix = input.value.trim();
    if (!prefix) { list.innerHTML = ""; return; }
    timer = setTimeout(function () {
      latest = prefix;
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(prefix))
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (terms) {
          if (prefix !== latest) return;
          list.innerHTML = "";
          terms.forEach(function (term) {
            var option = document.createElement("option");
            option.value = term;
            list.appendChild(option);
          });
        })
        .catch(function () { list.innerHTML = ""; });
    }, 150);
  });
})();
