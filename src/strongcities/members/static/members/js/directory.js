// The directory's filter form sends only the filters in use, so pushed URLs stay short.
document.addEventListener("htmx:configRequest", function (event) {
  if (!event.detail.elt.closest || !event.detail.elt.closest("#directory-filters")) return;
  var parameters = event.detail.parameters;
  var keys = parameters instanceof FormData ? Array.from(parameters.keys()) : Object.keys(parameters);
  keys.forEach(function (key) {
    var value = parameters instanceof FormData ? parameters.get(key) : parameters[key];
    if (value === "" || value === null) {
      if (parameters instanceof FormData) parameters.delete(key); else delete parameters[key];
    }
  });
});
