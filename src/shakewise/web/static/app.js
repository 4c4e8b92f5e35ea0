// Small comforts only; every page works without this script.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".js-print")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  for (const hint of document.querySelectorAll(".js-print-hint")) hint.hidden = true;
  const heading = document.querySelector("main h1");
  if (heading && document.querySelector(".question, .banner")) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
});
