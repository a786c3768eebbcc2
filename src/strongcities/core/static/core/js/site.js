// Progressive enhancement shared by every page (no inline script: the CSP forbids it).
document.documentElement.classList.add("js");
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit();
});
