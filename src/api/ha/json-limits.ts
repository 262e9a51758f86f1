/**
 * Parsing a client's JSON within the API's bounds. Deep nesting is refused before
 * anything recursive (schema checks, snapshots, deep equality) walks it: a client
 * could otherwise overflow the hub's stack with a few kilobytes of brackets.
 */
import { CorralError } from '../../errors.js';

export class JsonLimitError extends CorralError {
  constructor(
    type: 'payload_too_large' | 'json_too_deep' | 'invalid_json',
    message: string,
    /** Where in the document the limit was passed (`service_data.a.0`); empty for the whole document. */
    readonly path = '',
  ) {
    super(type, message);
  }
}

/** The path of the first value nested deeper than `maxDepth` levels, or undefined when none is. */
export function findTooDeep(value: unknown, maxDepth: number): string | undefined {
  // Iterative, so the check itself cannot overflow the stack it protects.
  const stack: { value: unknown; path: readonly (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: node, path } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (path.length >= maxDepth) return formatPath(path);
    const entries: [string | number, unknown][] = Array.isArray(node)
      ? node.map((item, index) => [index, item])
      : Object.entries(node);
    for (const [key, child] of entries) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, path: [...path, key] });
    }
  }
  return undefined;
}

/** `a.b.0.c`, cut short in the middle when it is long (a path of a deep document is as deep). */
function formatPath(path: readonly (string | number)[]): string {
  const parts = path.map(String);
  if (parts.length <= 12) return parts.join('.');
  return [...parts.slice(0, 6), `…(${parts.length - 10} more)…`, ...parts.slice(-4)].join('.');
}

export interface JsonBounds {
  readonly maxMessageBytes: number;
  readonly maxJsonDepth: number;
}

/** `text` parsed, or a `JsonLimitError` naming the limit passed and where. */
export function parseBoundedJson(text: string, bounds: JsonBounds): unknown {
  const bytes = Buffer.byteLength(text);
  if (bytes > bounds.maxMessageBytes) {
    throw new JsonLimitError(
      'payload_too_large',
      `the message is ${bytes} bytes; the limit is ${bounds.maxMessageBytes} bytes`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JsonLimitError('invalid_json', `the message is not valid JSON: ${(error as Error).message}`);
  }
  checkDepth(value, bounds.maxJsonDepth);
  return value;
}

/** Throws a `JsonLimitError` naming the path when `value` nests deeper than `maxDepth`. */
export function checkDepth(value: unknown, maxDepth: number): void {
  const path = findTooDeep(value, maxDepth);
  if (path !== undefined) {
    throw new JsonLimitError(
      'json_too_deep',
      `the JSON nests deeper than ${maxDepth} levels at ${path || '(top level)'}; the limit is ${maxDepth}`,
      path,
    );
  }
}
