// Suggestions as you type: titles and ciphers that start with the typed text.
(function () {
  "use strict";
  const input = document.getElementById("id_q");
  const list = document.getElementById("suggestions");
  if (!input || !list) return;
  let timer = null;
  let active = -1;
  let controller = null;

  function close() {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    active = -1;
  }

  function render(items) {
    list.replaceChildren();
    items.forEach(function (item, index) {
      const option = document.createElement("li");
      option.setAttribute("role", "option");
      option.id = "suggestion-" + index;
      const link = document.createElement("a");
      link.href = item.url;
      const cipher = document.createElement("span");
      cipher.className = "cipher";
      cipher.textContent = item.cipher;
      link.append(cipher, " ", item.title);
      option.append(link);
      list.append(option);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", String(items.length > 0));
  }

  function highlight(index) {
    const options = list.querySelectorAll("[role=option]");
    options.forEach(function (option, i) {
      option.classList.toggle("active", i === index);
      option.setAttribute("aria-selected", String(i === index));
    });
    active = index;
    if (index >= 0) input.setAttribute("aria-activedescendant", options[index].id);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) return close();
    timer = setTimeout(function () {
      if (controller) controller.abort();
      controller = new AbortController();
      const url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(text) +
        "&locale=" + encodeURIComponent(input.dataset.locale);
      fetch(url, { signal: controller.signal })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { render(data.suggestions || []); })
        .catch(function () { /* a failed suggestion is not worth an error message */ });
    }, 150);
  });

  input.addEventListener("keydown", function (event) {
    const count = list.querySelectorAll("[role=option]").length;
    if (list.hidden || count === 0) return;
    if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % count); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active - 1 + count) % count); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      list.querySelectorAll("[role=option] a")[active].click();
    }
  });

  document.addEventListener("click", function (event) {
    if (!list.contains(event.target) && event.target !== input) close();
  });
})();
