import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Where `npm run build:web` (Vite) writes the web app. */
export const defaultWebDist = path.join(__dirname, '..', '..', 'web', 'dist');

/** Paths the API itself answers; the web app's fallback never shadows them. */
const serverPaths = /^\/(api|docs|healthz|readyz)(\/|$)/;

/**
 * The built web app: hashed assets cached for a year, index.html revalidated every time, and
 * index.html for any other GET that asks for a page (client-side routes such as /items/:id).
 */
export function webAppStatic(dist = defaultWebDist): express.RequestHandler {
  const router = express.Router();
  router.use('/assets', express.static(path.join(dist, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false, index: false }));
  router.use(express.static(dist, { index: false, dotfiles: 'ignore', maxAge: 0 }));
  return router;
}

export function webAppFallback(dist = defaultWebDist): express.RequestHandler {
  const index = path.join(dist, 'index.html');
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || serverPaths.test(req.path) || !req.accepts('html')) return next();
    if (!existsSync(index)) {
      res.status(503).type('text/plain; charset=utf-8').send('网页端尚未构建：请运行 npm run build:web（npm start 会自动构建）。接口文档见 /docs');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
}
