// Posts: @mention suggestions in textareas, and htmx niceties for comment and
// reaction forms. Plain JavaScript, no build step; every page works without it
// (forms post and redirect, a mention is typed by hand).
(function () {
  "use strict";

  var MENTIONS_URL = "/posts/mentions/";
  var TRIGGER = /(^|[^\w@\/.])@([\w-]{1,40})$/;

  // --- htmx: errors, duplicates, resets -------------------------------------------

  function formError(form, text) {
    var box = form && form.querySelector("[data-form-error]");
    if (!box) return;
    box.textContent = text || "";
    box.hidden = !text;
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    var source = detail.requestConfig && detail.requestConfig.elt;
    var form = source && source.closest ? source.closest("form") : null;
    var status = detail.xhr.status;
    if (status === 422 || status === 400) {
      // An action refused the input: its message, next to the form; nothing swapped.
      detail.shouldSwap = false;
      formError(form, detail.xhr.responseText);
      return;
    }
    if (form && form.hasAttribute("data-comment-form") && status < 300) {
      // The live "comment" message may have added it first.
      var holder = document.createElement("template");
      holder.innerHTML = detail.serverResponse.trim();
      var item = holder.content.firstElementChild;
      var key = item && item.getAttribute("data-object");
      if (key && document.querySelector('[data-object="' + key + '"]')) detail.shouldSwap = false;
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form");
    if (!form || !form.hasAttribute("data-comment-form") || !event.detail.successful) return;
    form.reset();
    formError(form, "");
    var details = form.closest("details");
    if (details) details.open = false;
  });

  // --- @mentions ------------------------------------------------------------------------

  var box = null;
  var active = null; // { textarea, start, items, index }
  var timer = null;
  var lastQuery = "";

  function closeBox() {
    if (box) box.hidden = true;
    if (active) active.textarea.setAttribute("aria-expanded", "false");
    active = null;
  }

  function ensureBox() {
    if (box) return box;
    box = document.createElement("ul");
    box.id = "mention-suggestions";
    box.className = "mention-suggestions";
    box.setAttribute("role", "listbox");
    box.hidden = true;
    box.addEventListener("mousedown", function (event) {
      var option = event.target.closest("[role=option]");
      if (!option || !active) return;
      event.preventDefault();
      choose(Number(option.getAttribute("data-index")));
    });
    document.body.appendChild(box);
    return box;
  }

  function place(textarea) {
    var rect = textarea.getBoundingClientRect();
    box.style.position = "absolute";
    box.style.left = window.scrollX + rect.left + "px";
    box.style.top = window.scrollY + rect.bottom + 2 + "px";
    box.style.minWidth = Math.min(rect.width, 320) + "px";
  }

  function render(items) {
    ensureBox();
    box.textContent = "";
    items.forEach(function (item, index) {
      var option = document.createElement("li");
      option.setAttribute("role", "option");
      option.id = "mention-option-" + index;
      option.setAttribute("data-index", String(index));
      option.setAttribute("aria-selected", index === active.index ? "true" : "false");
      var name = document.createElement("strong");
      name.textContent = item.name;
      var handle = document.createElement("span");
      handle.className = "muted";
      handle.textContent = " @" + item.handle;
      option.appendChild(name);
      option.appendChild(handle);
      box.appendChild(option);
    });
    box.hidden = items.length === 0;
    active.textarea.setAttribute("aria-expanded", items.length ? "true" : "false");
    if (items.length) {
      active.textarea.setAttribute("aria-activedescendant", "mention-option-" + active.index);
      place(active.textarea);
    }
  }

  function choose(index) {
    if (!active || !active.items[index]) return;
    var textarea = active.textarea;
    var caret = textarea.selectionStart;
    var before = textarea.value.slice(0, active.start);
    var after = textarea.value.slice(caret);
    var inserted = "@" + active.items[index].handle + " ";
    textarea.value = before + inserted + after;
    var position = before.length + inserted.length;
    textarea.setSelectionRange(position, position);
    closeBox();
    textarea.focus();
  }

  function lookup(textarea) {
    var caret = textarea.selectionStart;
    var match = TRIGGER.exec(textarea.value.slice(0, caret));
    if (!match) { closeBox(); return; }
    var query = match[2];
    var start = caret - query.length - 1;
    clearTimeout(timer);
    timer = setTimeout(function () {
      lastQuery = query;
      fetch(MENTIONS_URL + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (query !== lastQuery) return; // a newer lookup is on its way
          active = { textarea: textarea, start: start, items: data.results || [], index: 0 };
          render(active.items);
        })
        .catch(closeBox);
    }, 150);
  }

  function setUp(textarea) {
    if (textarea.hasAttribute("data-mentions-ready")) return;
    textarea.setAttribute("data-mentions-ready", "");
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", "mention-suggestions");
    textarea.setAttribute("aria-expanded", "false");
  }

  document.addEventListener("input", function (event) {
    var textarea = event.target;
    if (!textarea.matches || !textarea.matches("textarea[data-mentions]")) return;
    setUp(textarea);
    lookup(textarea);
  });

  document.addEventListener("keydown", function (event) {
    if (!active || event.target !== active.textarea || !box || box.hidden) return;
    var count = active.items.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      active.index = (active.index + (event.key === "ArrowDown" ? 1 : count - 1)) % count;
      render(active.items);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      choose(active.index);
    } else if (event.key === "Escape") {
      event.preventDefault();
      closeBox();
    }
  });

  document.addEventListener("focusout", function (event) {
    if (active && event.target === active.textarea) setTimeout(closeBox, 150);
  });
})();
