import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The official OpenAPI documents, kept in test/specs (see its README). */
const specFiles = {
  jira: '../specs/jira-platform.v3.json',
  confluence1: '../specs/confluence-v1.v3.json',
  confluence2: '../specs/confluence-v2.v3.json',
} as const;

export type SpecName = keyof typeof specFiles;

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}

/**
 * The one defect of the specs that no response can satisfy: the tracker's `JqlQueryClause` puts
 * `additionalProperties: false` beside an `anyOf` and names no properties itself, so every clause (the
 * spec's own `/jql/parse` example too) fails it. Dropping that keyword leaves each branch's own rules.
 */
function repairKnownDefects(spec: { components?: { schemas?: Record<string, Record<string, unknown>> } }) {
  const clause = spec.components?.schemas?.JqlQueryClause;
  if (clause?.anyOf && !clause.properties) delete clause.additionalProperties;
}

/**
 * Validates responses against the response schema an official spec gives an operation, with the
 * spec's own `$ref`s. Operations are named by the spec's path template (`/rest/api/3/user`).
 */
export class SpecValidator {
  readonly #ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  readonly #specs = new Map<SpecName, { paths: Record<string, Record<string, Operation>> }>();
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor() {
    addFormats.default(this.#ajv);
    this.#ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    this.#ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    for (const [name, file] of Object.entries(specFiles)) {
      const spec = JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
      repairKnownDefects(spec);
      this.#specs.set(name as SpecName, spec);
      this.#ajv.addSchema(spec, name);
    }
  }

  /** Whether the spec documents a response body for the operation and status. */
  hasResponseSchema(spec: SpecName, method: string, path: string, status: number): boolean {
    return this.#schemaPointer(spec, method, path, status) !== undefined;
  }

  /** Problems of `body` against the operation's response schema; an empty list when it conforms. */
  validate(spec: SpecName, method: string, path: string, status: number, body: unknown): string[] {
    const pointer = this.#schemaPointer(spec, method, path, status);
    if (!pointer) return [`the spec documents no JSON body for ${method} ${path} ${status}`];
    return this.#validatePointer(pointer, body);
  }

  /** Problems of `body` against a named schema of the spec's components (`ErrorCollection`). */
  validateComponent(spec: SpecName, schemaName: string, body: unknown): string[] {
    return this.#validatePointer(`${spec}#/components/schemas/${schemaName}`, body);
  }

  #validatePointer(pointer: string, body: unknown): string[] {
    let validate = this.#compiled.get(pointer);
    if (!validate) {
      validate = this.#ajv.compile({ $ref: pointer });
      this.#compiled.set(pointer, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
    );
  }

  #schemaPointer(spec: SpecName, method: string, path: string, status: number): string | undefined {
    const operation = this.#specs.get(spec)?.paths[path]?.[method.toLowerCase()];
    const response = operation?.responses?.[String(status)] ?? operation?.responses?.default;
    const mediaType = Object.keys(response?.content ?? {}).find((type) => type.includes('json'));
    if (!mediaType) return undefined;
    const escapedPath = path.replaceAll('~', '~0').replaceAll('/', '~1');
    const escapedType = mediaType.replaceAll('~', '~0').replaceAll('/', '~1');
    const status2 = operation?.responses?.[String(status)] ? String(status) : 'default';
    return `${spec}#/paths/${escapedPath}/${method.toLowerCase()}/responses/${status2}/content/${escapedType}/schema`;
  }
}
