import type { ValidateFunction } from 'ajv';

// Types of validators.generated.js, which scripts/compile-validators.mjs writes at build time
// (ajv standalone code for every schema in schemas/; the .js is git-ignored, this file is not).

/** Validators by schema id (PayloadType or preference domain); errors are ajv ErrorObjects without messages. */
export declare const validatorsBySchemaId: Readonly<Record<string, ValidateFunction | undefined>>;
