import { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Paths the pages never answer: the API, its documents, probes and the queue dashboard stay the API's. */
export const RESERVED_PATHS = /^\/(api|docs|docs-json|health|metrics|admin\/queues)(\/|$|\.|\?)/;

/** Where the built pages are: next to the compiled API (dist/web), or dist/web from the sources (tests). */
export function findWebRoot(candidates = [join(__dirname, '..', '..', '..', 'web'), join(__dirname, '..', '..', '..', 'dist', 'web')]): string | null {
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/**
 * Serves the pages at `/`: hashed assets cached for a year, index.html never cached, and every other GET that
 * asks for HTML (a page's own address, e.g. /review/tasks/…) answered with index.html so the router takes over.
 */
export function serveWebPages(app: INestApplication, root: string | null = findWebRoot()): boolean {
  if (!root) return false;
  const index = join(root, 'index.html');
  app.use(
    '/assets',
    express.static(join(root, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || RESERVED_PATHS.test(req.path) || req.path.startsWith('/assets/')) {
      next();
      return;
    }
    if (!req.accepts('html') || /\.[a-z0-9]+$/i.test(req.path)) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
