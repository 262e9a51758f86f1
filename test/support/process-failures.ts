/**
 * Records uncaught exceptions and unhandled rejections while a test runs, so
 * a test can assert that hostile input never escapes as either.
 */
export interface ProcessFailureWatch {
  readonly failures: readonly unknown[];
  stop(): void;
}

export function watchProcessFailures(): ProcessFailureWatch {
  const failures: unknown[] = [];
  const onException = (error: unknown) => failures.push(error);
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return {
    failures,
    stop() {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    },
  };
}
