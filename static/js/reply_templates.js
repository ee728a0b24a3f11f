// Reply templates on the moderation page: choosing one puts its text in the form's text box.
// Without JavaScript the "Use the template" button does the same on the server.
document.querySelectorAll("select[data-fills]").forEach(function (select) {
  select.addEventListener("change", function () {
    var option = select.options[select.selectedIndex];
    var target = document.getElementById(select.dataset.fills);
    if (target && option.dataset.text !== undefined) {
      target.value = option.dataset.text;
    }
  });
});
