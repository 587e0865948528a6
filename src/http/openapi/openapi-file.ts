// The committed form of the OpenAPI document: built from the routes alone (no data), pretty-printed.
// The caller brings the application (on an empty store of its choosing): http picks no store adapter.
import type { Application } from '../../app/application.ts';
import { createHttpApp } from '../app.ts';

export function openApiJson(app: Application): string {
  const { openapi } = createHttpApp(app);
  return `${JSON.stringify(openapi(), null, 2)}\n`;
}
