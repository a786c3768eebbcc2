/* Starts Swagger UI on the API documentation page (no inline script: the CSP forbids it). */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  var csrfToken = root.dataset.csrfToken;
  window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    layout: "BaseLayout",
    deepLinking: true,
    validatorUrl: null, // no request to validator.swagger.io
    presets: [window.SwaggerUIBundle.presets.apis],
    requestInterceptor: function (request) {
      // A signed-in browser session needs the CSRF token for unsafe methods (only those).
      var unsafe = !/^(GET|HEAD|OPTIONS)$/i.test(request.method || "GET");
      if (csrfToken && unsafe && !request.headers.Authorization) {
        request.headers["X-CSRFToken"] = csrfToken;
      }
      return request;
    },
  });
})();
