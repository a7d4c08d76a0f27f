import path from 'node:path';
import express, { Router } from 'express';

// The interactive API documentation: Swagger UI served from the installed package (no CDN; the
// district's network may have none), pointed at the generated document.

const swaggerDist = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const page = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>接口文档 · 专精特新督办平台</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>`;

// A file of its own: the Content-Security-Policy allows no inline script.
const init = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', withCredentials: true,
  requestInterceptor: (request) => { const token = sessionStorage.getItem('srdiCsrfToken'); if (token) request.headers['X-CSRF-Token'] = token; return request; },
  responseInterceptor: (response) => { if (response.body && response.body.csrfToken) sessionStorage.setItem('srdiCsrfToken', response.body.csrfToken); return response; } });`;

export function docsRoutes(): Router {
  const router = Router();
  router.use('/docs/assets', express.static(swaggerDist, { index: false, dotfiles: 'ignore' }));
  router.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(init);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(page);
  });
  return router;
}
