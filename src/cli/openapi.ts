/**
 * `escalate openapi`: the API's OpenAPI 3.1 document on standard output, as the service serves
 * it at /api/v1/openapi.json, without a database or a running service (for generating a client:
 * `npm run api:client`, clients/typescript).
 */
import type { Command } from 'commander';
import { apiDocument } from '../web/api/openapi.js';

export function registerOpenApiCommands(program: Command): void {
  program
    .command('openapi')
    .description("the API's OpenAPI 3.1 document, as JSON on standard output")
    .action(async () => {
      process.stdout.write(`${JSON.stringify(await apiDocument(), null, 2)}\n`);
    });
}
