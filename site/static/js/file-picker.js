// File pickers (site/templates/components/file_picker.html): show the chosen file's name
// beside the button; without this script the native input still uploads.
(function () {
  "use strict";

  function enhance(picker) {
    var input = picker.querySelector(".file-picker__input");
    var chosen = picker.querySelector(".file-picker__chosen");
    if (!input || !chosen || picker.classList.contains("file-picker--live")) {
      return;
    }
    picker.classList.add("file-picker--live");
    function show() {
      var names = Array.prototype.map.call(input.files || [], function (file) {
        return file.name;
      });
      chosen.textContent = names.join("、");
      picker.classList.toggle("file-picker--chosen", names.length > 0);
    }
    input.addEventListener("change", show);
    show(); // a page restored from the back/forward cache keeps its chosen file
  }

  function enhanceAll() {
    document.querySelectorAll("[data-file-picker]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
