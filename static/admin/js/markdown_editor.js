// Two repairs to django-markdownx's editor in the admin.
"use strict";

// markdownx initialises its editors once, when the page loads. A row added with
// "Add another" is a copy of the hidden empty form: already marked as
// initialised, but with no listeners. Unmark its editor and load markdownx's
// script again; its start-up code only takes editors not yet initialised.
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

// When the server refuses an image, markdownx types "Invalid response" into the
// text. Show the server's reason beside the editor instead, and take that out.
const MARKDOWNX_ERROR_TEXT = "Invalid response";

document.addEventListener(
  "markdownx.fileUploadError",
  (event) => {
    const container = event.target;
    const editor = container.querySelector(".markdownx-editor");
    const reason = (event.detail && event.detail[0] && event.detail[0].error) ||
      "The image could not be uploaded.";
    let list = container.querySelector(".upload-errors");
    if (!list) {
      list = document.createElement("ul");
      list.className = "errorlist upload-errors";
      list.setAttribute("role", "alert");
      container.prepend(list);
    }
    const item = document.createElement("li");
    item.textContent = reason;
    list.replaceChildren(item);
    // markdownx inserts its text right after dispatching this event.
    setTimeout(() => {
      editor.value = editor.value.replace(MARKDOWNX_ERROR_TEXT, "");
    });
  },
  true,
);
