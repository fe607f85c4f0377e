/**
 * Flax's one-compact-method rule. Submodules, params and variables may be created in `setup()` or in the one
 * method of a class that is *compact* (Flax's `@nn.compact`); anywhere else is Flax's AssignSubModuleError (or its
 * "Parameters/Variables must be initialized in `setup()` …" error). The compact method is the one a class names
 * in its `static compact` field: `'call'` unless declared otherwise, `null` for none (a pure `setup` module).
 *
 * Why one method: auto-names (`Dense_0`, …) restart each time the compact method is entered, so two methods that
 * created submodules inline would both name theirs `Dense_0` and silently share parameters. Flax 0.12.8 still
 * lets two methods carry `@nn.compact` (its MultipleMethodsCompactError is defined but no longer raised) and
 * shares them silently; a single name in a static field cannot name two methods.
 *
 * @packageDocumentation
 */
import type { ModuleState } from './module-state';

/** A module class as this rule sees it: its name, prototype and `static compact` field. */
export interface CompactDeclaring {
  readonly name: string;
  readonly prototype: object;
  readonly compact?: unknown;
}

/** The method names every module has that are not the class's own computation. */
const NOT_COMPACTABLE = new Set(['constructor', 'setup']);

/** The name of the class's compact method, or null when it declares none. */
export function compactMethodName(ctor: CompactDeclaring): string | null {
  return typeof ctor.compact === 'string' ? ctor.compact : null;
}

/** The methods a class defines (or inherits from module classes between it and `base`). */
function ownMethods(ctor: CompactDeclaring, base: object): string[] {
  const names = new Set<string>();
  for (let proto = ctor.prototype; proto !== base; proto = Object.getPrototypeOf(proto) as object) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const value: unknown = Object.getOwnPropertyDescriptor(proto, key)?.value;
      if (typeof value === 'function' && !NOT_COMPACTABLE.has(key)) names.add(key);
    }
  }
  return [...names];
}

/**
 * Checks a class's `static compact` once, when its first instance is made: a string naming one of the methods
 * the class defines, or null. `base` is `Module.prototype`, whose own methods (`param`, `apply`, …) are not
 * candidates.
 */
export function checkCompactDeclaration(ctor: CompactDeclaring, base: object): void {
  const declared = ctor.compact;
  if (declared === null) return;
  const methods = ownMethods(ctor, base);
  if (typeof declared === 'string' && methods.includes(declared)) return;
  const shown = typeof declared === 'string' ? `"${declared}"` : `a ${typeof declared}`;
  throw new TypeError(
    `${ctor.name}.compact names ${shown}, which is not a method of ${ctor.name}: name the one method that creates ` +
      `submodules inline (${methods.join(', ') || 'it defines none'}), or null for none (submodules in setup()).`,
  );
}

/** True where `state`'s module may create submodules, params and variables: in `setup` or its compact method. */
export function initializationAllowed(state: ModuleState): boolean {
  return state.inSetup || state.compactDepth > 0;
}

/** The flax-ts half of the outside-compact errors: which method is compact, and where the creation happened. */
export function outsideCompactHint(state: ModuleState): string {
  const cls = state.className;
  const compact = compactMethodName(state.ctor);
  const running = state.running.at(-1);
  const rule =
    compact === null
      ? `${cls} has no compact method (static compact = null)`
      : `${cls}'s compact method is ${cls}.${compact} (its static compact; 'call' unless declared)`;
  const where = running === undefined ? 'outside its methods' : `in ${cls}.${running}`;
  return `flax-ts: ${rule}, and this ran ${where}. Create it there or in setup().`;
}

/**
 * The error for a param or variable declared outside `setup` and the compact method. Flax raises a plain
 * ValueError with this first line (no error class, no link).
 */
export function initializationNotAllowed(what: 'Parameters' | 'Variables', state: ModuleState): Error {
  return new Error(
    `${what} must be initialized in \`setup()\` or in a method wrapped in \`@compact\`\n${outsideCompactHint(state)}`,
  );
}
