/**
 * Flax's errors, with Flax's messages word for word, including the link to the page that explains each one
 * (`flax.errors` in Flax's documentation), so a reader can search either library's docs for the text.
 *
 * @packageDocumentation
 */

import { pythonShape } from './python-shape';

const ERROR_PAGE = 'https://flax.readthedocs.io/en/latest/api_reference/flax.errors.html';

/**
 * Base class of the errors below; `name` is Flax's class name. A `hint` (what the rule means in flax-ts) goes on a
 * line of its own after Flax's text and link, so the first line stays Flax's word for word.
 */
export class FlaxError extends Error {
  constructor(message: string, flaxName: string, hint?: string) {
    super(`${message} (${ERROR_PAGE}#flax.errors.${flaxName})${hint === undefined ? '' : `\n${hint}`}`);
    this.name = flaxName;
  }
}

/** An rng stream was needed but neither it nor `'params'` was given to `init`/`apply`. */
export class InvalidRngError extends FlaxError {
  constructor(message: string) {
    super(message, 'InvalidRngError');
  }
}

/** `apply` was given params under `{ params: { params: … } }`. */
export class ApplyScopeInvalidVariablesStructureError extends FlaxError {
  constructor() {
    super(
      'Expect the `variables` (first argument) passed to apply() to be a dict with the structure ' +
        '{"params": ...}, but got a dict with an extra params layer, i.e.  {"params": {"params": ... } }. ' +
        'You should instead pass in your dict\'s ["params"].',
      'ApplyScopeInvalidVariablesStructureError',
    );
  }
}

/** `apply` was given something other than an object of collections. */
export class ApplyScopeInvalidVariablesTypeError extends FlaxError {
  constructor() {
    super(
      'The first argument passed to an apply function should be a dictionary of collections. ' +
        'Each collection should be a dictionary with string keys.',
      'ApplyScopeInvalidVariablesTypeError',
    );
  }
}

/** A parameter is missing from a non-empty, immutable `params` collection. */
export class ScopeParamNotFoundError extends FlaxError {
  constructor(paramName: string, scopePath: string) {
    super(
      `Could not find parameter named "${paramName}" in scope "${scopePath}".`,
      'ScopeParamNotFoundError',
    );
  }
}

/** A variable was read from a collection that `apply` was not given. */
export class ScopeCollectionNotFound extends FlaxError {
  constructor(colName: string, varName: string, scopePath: string) {
    super(
      `Tried to access "${varName}" from collection "${colName}" in "${scopePath}" but the collection is empty.`,
      'ScopeCollectionNotFound',
    );
  }
}

/** The shape a parameter's initializer would produce differs from the shape of the parameter given. */
export class ScopeParamShapeError extends FlaxError {
  constructor(
    paramName: string,
    scopePath: string,
    valueShape: readonly number[],
    initShape: readonly number[],
  ) {
    super(
      `For parameter "${paramName}" in "${scopePath}", the given initializer is expected to generate shape ` +
        `${pythonShape(initShape)}, but the existing parameter it received has shape ${pythonShape(valueShape)}.`,
      'ScopeParamShapeError',
    );
  }
}

/** A variable is missing from a non-empty, immutable collection. */
export class ScopeVariableNotFoundError extends FlaxError {
  constructor(name: string, col: string, scopePath: string) {
    super(
      `No Variable named "${name}" for collection "${col}" exists in "${scopePath}".`,
      'ScopeVariableNotFoundError',
    );
  }
}

/** A variable of an immutable collection was assigned. */
export class ModifyScopeVariableError extends FlaxError {
  constructor(col: string, variableName: string, scopePath: string) {
    super(
      `Cannot update variable "${variableName}" in "${scopePath}" because collection "${col}" is immutable.`,
      'ModifyScopeVariableError',
    );
  }
}

/** A param, variable or submodule reused a name already taken in its module. */
export class NameInUseError extends FlaxError {
  constructor(keyType: 'param' | 'variable' | 'submodule', value: string, moduleName: string) {
    super(`Could not create ${keyType} "${value}" in Module ${moduleName}: Name in use.`, 'NameInUseError');
  }
}

/** A construction attribute was assigned inside `setup`. */
export class SetAttributeInModuleSetupError extends FlaxError {
  constructor() {
    super('Module construction attributes are frozen.', 'SetAttributeInModuleSetupError');
  }
}

/** A module was assigned to outside `setup`. */
export class SetAttributeFrozenModuleError extends FlaxError {
  constructor(moduleClass: string, attrName: string, attrValue: unknown) {
    super(
      `Can't set ${attrName}=${String(attrValue)} for Module of type ${moduleClass}: ` +
        'Module instance is frozen outside of setup method.',
      'SetAttributeFrozenModuleError',
    );
  }
}

/** A submodule was created outside `setup` and the compact method (see `compact.ts`). */
export class AssignSubModuleError extends FlaxError {
  constructor(cls: string, hint: string) {
    super(
      `Submodule ${cls} must be defined in \`setup()\` or in a method wrapped in \`@compact\``,
      'AssignSubModuleError',
      hint,
    );
  }
}

/** A module's method needed variables or rngs but the module is not inside `init`/`apply`. */
export class CallCompactUnboundModuleError extends FlaxError {
  constructor() {
    super("Can't call compact methods on unbound modules", 'CallCompactUnboundModuleError');
  }
}

/** `init`/`apply` was asked for a method the module does not have. */
export class ApplyModuleInvalidMethodError extends FlaxError {
  constructor(method: string) {
    super(
      `Cannot call apply(): ${method} is not a valid function for apply().`,
      'ApplyModuleInvalidMethodError',
    );
  }
}
