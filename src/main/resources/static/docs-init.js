// Starts Swagger UI on /docs. It lives in a file of its own because Carafe's Content-Security-Policy
// allows no inline script.
(function () {
  'use strict';

  var UNSAFE = ['POST', 'PUT', 'PATCH', 'DELETE'];
  var root = document.getElementById('swagger-ui');
  var csrfToken = null;

  function isUnsafe(request) {
    return UNSAFE.indexOf(String(request.method).toUpperCase()) >= 0;
  }

  function hasCsrfHeader(request) {
    return Object.keys(request.headers || {}).some(function (name) {
      return name.toLowerCase() === 'x-csrf-token';
    });
  }

  // The session's CSRF token, asked for once when a signed-in browser first sends an unsafe request.
  function currentToken() {
    if (csrfToken) return Promise.resolve(csrfToken);
    return fetch('/api/auth/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (session) { return (csrfToken = session && session.csrfToken) || null; })
      .catch(function () { return null; });
  }

  window.ui = SwaggerUIBundle({
    url: root.getAttribute('data-url'),
    domNode: root,
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    // "Try it out" runs in this browser with its session cookie, so unsafe requests need the session's
    // X-CSRF-Token: keep the token that login, register and session return, and send it along.
    requestInterceptor: function (request) {
      if (!isUnsafe(request) || hasCsrfHeader(request) || /\/api\/auth\/(login|register)$/.test(request.url)) {
        return request;
      }
      return currentToken().then(function (token) {
        if (token) request.headers['X-CSRF-Token'] = token;
        return request;
      });
    },
    responseInterceptor: function (response) {
      if (/\/api\/auth\/logout$/.test(response.url)) csrfToken = null;
      else if (response.ok && response.body && typeof response.body.csrfToken === 'string') {
        csrfToken = response.body.csrfToken;
      }
      return response;
    }
  });
})();
