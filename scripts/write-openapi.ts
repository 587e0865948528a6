// Writes openapi/openapi.json from the routes' zod schemas (npm run openapi). A test fails when
// the committed file and the code drift apart.
import { writeFile } from 'node:fs/promises';
import { openApiJson } from '../src/http/openapi/openapi-file.ts';

const file = new URL('../openapi/openapi.json', import.meta.url);
await writeFile(file, await openApiJson());
console.log(`wrote ${file.pathname}`);
