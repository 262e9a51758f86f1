/**
 * Turns what the YAML parser and the schema found wrong into issues that name
 * a line, a column and a dotted key, so a user can go straight to the mistake.
 */
import { basename } from 'node:path';
import { type Document, isMap, isNode, isScalar, type LineCounter, visit, type YAMLError } from 'yaml';
import type { z } from 'zod';

export interface ConfigIssue {
  /** The file (or, for a missing or ambiguous file, the directory) the issue is about. */
  readonly file: string;
  /** 1-based; 0 when the issue is about the file as a whole. */
  readonly line: number;
  /** 1-based; 0 when the issue is about the file as a whole. */
  readonly column: number;
  /** Dotted path of the key, list items by index (`setup.0.domain`); `''` for the whole file. */
  readonly key: string;
  readonly message: string;
}

/** Where a source offset is, as a 1-based line and column. */
type Locate = (offset: number) => { line: number; column: number };

function locator(lineCounter: LineCounter): Locate {
  return (offset) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
}

/** One issue per YAML syntax error, at the position the parser reports. */
export function syntaxIssues(
  file: string,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  errors: readonly YAMLError[],
): ConfigIssue[] {
  const at = locator(lineCounter);
  return errors.map((error) => {
    const message =
      error.code === 'DUPLICATE_KEY'
        ? `duplicate key ${quote(keyAt(doc, error.pos[0]))}: each key may appear once in a mapping`
        : error.message;
    return { file, ...at(error.pos[0]), key: '', message };
  });
}

/** The text of the mapping key that starts at `offset`. */
function keyAt(doc: Document.Parsed, offset: number): string {
  let found = '';
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        found = String(pair.key.value);
        return visit.BREAK;
      }
    },
  });
  return found;
}

/** One issue per schema issue (one per key for unknown keys), in file order. */
export function schemaIssues(
  file: string,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  issues: readonly z.core.$ZodIssue[],
): ConfigIssue[] {
  const at = locator(lineCounter);
  const positioned = issues.flatMap((issue): ConfigIssue[] => {
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        file,
        ...at(keyOffset(doc, path, key) ?? nodeOffset(doc, path)),
        key: [...path, key].join('.'),
        message: `unknown key ${quote(key)} (${issue.message})`,
      }));
    }
    return [{ file, ...at(nodeOffset(doc, path)), key: path.join('.'), message: describe(issue) }];
  });
  return positioned.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Start of the node at `path`, or of its nearest ancestor when the key is missing. */
function nodeOffset(doc: Document.Parsed, path: readonly (string | number)[]): number {
  for (let depth = path.length; depth > 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return doc.contents?.range[0] ?? 0;
}

/** Start of the key `key` in the mapping at `path`. */
function keyOffset(
  doc: Document.Parsed,
  path: readonly (string | number)[],
  key: string,
): number | undefined {
  const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
  return isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
}

/** The issue's expectation, and what was found instead where the schema saw a value. */
function describe(issue: z.core.$ZodIssue): string {
  if (issue.input === undefined) {
    return issue.code === 'invalid_type' ? `missing (${issue.message})` : issue.message;
  }
  return issue.message.startsWith('expected ')
    ? `${issue.message}, got ${shown(issue.input)}`
    : issue.message;
}

const MAX_SHOWN = 40;

function shown(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null || typeof value !== 'object') {
    if (typeof value !== 'string') return String(value);
    return quote(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);
  }
  return 'a mapping';
}

function quote(text: string): string {
  return JSON.stringify(text);
}

/** `corral.yaml:12:5: supervision.restartIntensity: expected …`, or `DIR: …` for the whole file. */
export function formatIssue(issue: ConfigIssue): string {
  if (issue.line === 0) return `${issue.file}: ${issue.message}`;
  const key = issue.key === '' ? '' : `${issue.key}: `;
  return `${basename(issue.file)}:${issue.line}:${issue.column}: ${key}${issue.message}`;
}
