// markdownx initialises its editors once, when the page loads. A row added with
// "Add another" is a copy of the hidden empty form: already marked as
// initialised, but with no listeners. Unmark its editor and load markdownx's
// script again; its start-up code only takes editors not yet initialised.
"use strict";

document.addEventListener("formset:added", (event) => {
  const editors = event.target.querySelectorAll(".markdownx-editor[data-markdownx-init]");
  if (editors.length === 0) {
    return;
  }
  for (const editor of editors) {
    editor.removeAttribute("data-markdownx-init");
  }
  const loaded = document.querySelector('script[src*="markdownx/js/markdownx"]');
  const script = document.createElement("script");
  script.src = loaded.src;
  document.head.append(script);
});
