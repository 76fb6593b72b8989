import { z } from 'zod';
import pkg from '../../../package.json';
import { ROUTES, type Route } from './routes';
import { ErrorSchema } from './schemas';

type Json = Record<string, unknown>;

/** Where the document itself is served, under /api/v1; listed in its own paths like every route. */
export const OPENAPI_PATH = '/openapi.json';

const REF = (id: string) => `#/components/schemas/${id}`;

function schemaName(route: Route, part: string): string {
  return route.operationId.charAt(0).toUpperCase() + route.operationId.slice(1) + part;
}

/** JSON Schemas (draft 2020-12, what OpenAPI 3.1 uses) of `schemas`, shared parts by reference. */
function componentSchemas(schemas: Map<string, z.ZodType>, io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of schemas) registry.add(schema, { id });
  const { schemas: out } = z.toJSONSchema(registry, { target: 'draft-2020-12', io, uri: REF, unrepresentable: 'any' });
  // Inside an OpenAPI document a schema is named by its place in components, not by $id.
  for (const s of Object.values(out)) {
    delete (s as Json).$schema;
    delete (s as Json).$id;
  }
  return out as Record<string, Json>;
}

/**
 * The OpenAPI 3.1 document of the HTTP API, made from the routes and the zod schemas their
 * handlers parse with, so generated clients agree with the server.
 */
export function openApiDocument(): Json {
  const bodies = new Map<string, z.ZodType>();
  const answers = new Map<string, z.ZodType>([['Error', ErrorSchema]]);
  const paths: Record<string, Record<string, Json>> = {};
  const unauthorized: Json = { description: 'No token, or a wrong one: send Authorization: Bearer <token>', content: { 'application/json': { schema: { $ref: REF('Error') } } } };

  for (const route of ROUTES) {
    const parameters: Json[] = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    for (const q of route.query ?? []) parameters.push({ name: q.name, in: 'query', required: false, description: q.description, schema: { type: 'string' } });

    const responses: Record<string, Json> = {};
    for (const [status, answer] of Object.entries(route.responses)) {
      let content: Json;
      if (answer.schema) {
        const name = schemaName(route, answer.eventStream ? 'Event' : 'Response');
        answers.set(name, answer.schema);
        content = answer.eventStream
          ? {
              'text/event-stream': {
                schema: { type: 'string', description: `Lines "data: <JSON>", each one ${name}` },
                // Where OpenAPI 3.2 has itemSchema; 3.1 allows only extensions here.
                'x-item-schema': { $ref: REF(name) },
              },
            }
          : { 'application/json': { schema: { $ref: REF(name) } } };
      } else {
        content = { 'application/json': { schema: { $ref: REF('Error') } } };
      }
      responses[status] = { description: answer.description, content };
    }
    responses['401'] = unauthorized;

    const operation: Json = { operationId: route.operationId, summary: route.summary, parameters, responses };
    if (route.body) {
      const name = schemaName(route, 'Body');
      bodies.set(name, route.body);
      operation.requestBody = { required: false, content: { 'application/json': { schema: { $ref: REF(name) } } } };
    }
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }

  paths[OPENAPI_PATH] = {
    get: {
      operationId: 'getOpenApi',
      summary: 'This document: every route of the API, with the JSON Schemas of its bodies and answers',
      responses: {
        '200': { description: 'The OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } },
        '401': unauthorized,
      },
    },
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'Pipewright',
      version: pkg.version,
      description:
        'Run saved Pipewright pipelines and follow their runs. Every request carries the token `pipewright serve` printed, as `Authorization: Bearer <token>`.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { ...componentSchemas(answers, 'output'), ...componentSchemas(bodies, 'input') },
    },
  };
}
