/**
 * Compares code cells while ignoring comments, so translators may rewrite comments but nothing else.
 *
 * The cell is parsed as TypeScript and printed back by the compiler's printer; the printer also normalises
 * layout, so moving a comment to its own line is not reported as a code change, while any change to a token,
 * string or template literal is.
 */
import * as ts from 'typescript';

const withComments = ts.createPrinter({ removeComments: false, newLine: ts.NewLineKind.LineFeed });
const withoutComments = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

function parse(source: string): ts.SourceFile {
  return ts.createSourceFile('cell.ts', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
}

/** The cell's code in a canonical layout, without comments. */
export function codeWithoutComments(source: string): string {
  return withoutComments.printFile(parse(source));
}

/** Whether the cell has at least one comment (and so needs a translation). */
export function hasComments(source: string): boolean {
  const file = parse(source);
  return withComments.printFile(file) !== withoutComments.printFile(file);
}
