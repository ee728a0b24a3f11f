/* Surveys: a follow-up question on the same page is hidden until its trigger is chosen.
 * Progressive enhancement only: without JavaScript every follow-up is shown with a
 * hint ("Answer only if …") and the server ignores it when the trigger was not chosen. */
(function () {
  "use strict";

  function update(form) {
    form.querySelectorAll("[data-show-if-option]").forEach(function (block) {
      var selector = 'input[name="' + block.dataset.showIfField + '"][value="' + block.dataset.showIfOption + '"]';
      var trigger = form.querySelector(selector);
      if (!trigger) return; // the trigger is not on this page: the server decided
      var show = trigger.checked;
      if (block.hidden === show) {
        block.hidden = !show;
        if (show) {
          // Maps inside a block that was hidden need to measure themselves again.
          window.dispatchEvent(new Event("resize"));
        }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-survey-form]").forEach(function (form) {
      update(form);
      form.addEventListener("change", function () { update(form); });
    });
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  });
})();
