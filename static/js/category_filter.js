// The report form's category list shows only the categories of the chosen kind.
// Without JavaScript the list is grouped by kind (<optgroup>); the server checks the match either way.
(function () {
  "use strict";

  function setUp(select) {
    var form = select.form;
    var radioName = select.getAttribute("data-category-filter");
    if (!form || !radioName) {
      return;
    }
    var placeholder = Array.prototype.filter.call(select.children, function (child) {
      return child.tagName === "OPTION";
    });
    var groups = Array.prototype.filter.call(select.children, function (child) {
      return child.tagName === "OPTGROUP";
    });

    function kindOf(group) {
      var option = group.querySelector("option[data-kind]");
      return option ? option.getAttribute("data-kind") : "";
    }

    function chosenKind() {
      var checked = form.querySelector('input[name="' + radioName + '"]:checked');
      return checked ? checked.value : "";
    }

    function show() {
      var kind = chosenKind();
      var selected = select.value;
      while (select.firstChild) {
        select.removeChild(select.firstChild);
      }
      placeholder.forEach(function (option) {
        select.appendChild(option);
      });
      var stillThere = false;
      groups.forEach(function (group) {
        if (!kind || kindOf(group) === kind) {
          select.appendChild(group);
          if (group.querySelector('option[value="' + selected + '"]')) {
            stillThere = true;
          }
        }
      });
      select.value = stillThere ? selected : "";
    }

    Array.prototype.forEach.call(form.querySelectorAll('input[name="' + radioName + '"]'), function (radio) {
      radio.addEventListener("change", show);
    });
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-category-filter]"), setUp);
  });
})();
