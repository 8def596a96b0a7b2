/* Warn before leaving a page whose form (marked data-warn-unsaved) has edits not yet saved:
   following a link, uploading an attachment or withdrawing would otherwise drop them silently.
   Submitting that form itself saves them, so it leaves without a warning. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    var dirty = false;
    var mark = function () { dirty = true; };
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";  // older browsers show the dialog only when this is set
      }
    });
  });
})();
