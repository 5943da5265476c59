// Suggests cities as one types in any input with a data-city-search attribute (the URL of
// the city search), through the input's <datalist>. Without this script the same input is
// a plain text field that the server checks against the gazetteer.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[data-city-search]");
  Array.prototype.forEach.call(inputs, function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) {
      return;
    }
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2 || text === asked) {
        return;
      }
      timer = window.setTimeout(function () {
        asked = text;
        var url = input.getAttribute("data-city-search") + "?q=" + encodeURIComponent(text);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (body) {
            if (text !== asked) {
              return; // a newer search is on its way
            }
            while (list.firstChild) {
              list.removeChild(list.firstChild);
            }
            body.results.forEach(function (city) {
              var option = document.createElement("option");
              option.value = city.label;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 200);
    });
  });
})();
