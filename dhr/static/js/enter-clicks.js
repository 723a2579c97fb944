// A search box that belongs to a bigger form (the section editor's "Find rows") would otherwise submit with the
// form's first button, Save. Enter in such a box presses the button it names instead.
for (const input of document.querySelectorAll("[data-dhr-enter-clicks]")) {
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const button = document.getElementById(input.dataset.dhrEnterClicks);
    if (!button) return;
    event.preventDefault();
    button.click();
  });
}
